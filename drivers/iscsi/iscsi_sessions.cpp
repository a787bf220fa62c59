// `iscsiadm -m session -P 3` into IscsiSession records.
#include "drivers/iscsi/iscsi_sessions.hpp"

#include <fmt/format.h>

#include "drivers/parse_util.hpp"
#include "harness/core/errors.hpp"

namespace harness {
namespace {

constexpr std::string_view kTool = "iscsiadm -m session -P 3";

// "Key: value" -> value, when the trimmed line starts with "Key:".
bool field(std::string_view line, std::string_view key, std::string_view& value) {
  if (!line.starts_with(key) || line.size() <= key.size() || line[key.size()] != ':')
    return false;
  value = status::trim(line.substr(key.size() + 1));
  return true;
}

int number(std::string_view s, std::string_view what, std::string_view line) {
  auto v = status::to_int(s);
  if (!v) status::parse_error(kTool, what, line);
  return static_cast<int>(*v);
}

// "192.168.103.11:3260,1" or "[fd00::1]:3260,1"
void parse_portal(std::string_view value, IscsiSession& s) {
  auto comma = value.rfind(',');
  auto addr_port = value.substr(0, comma);
  auto colon = addr_port.rfind(':');
  if (comma == std::string_view::npos || colon == std::string_view::npos)
    status::parse_error(kTool, "a portal \"<ip>:<port>,<tpgt>\"", value);
  s.portal = std::string(addr_port);
  auto addr = addr_port.substr(0, colon);
  if (addr.size() > 2 && addr.front() == '[' && addr.back() == ']')
    addr = addr.substr(1, addr.size() - 2);
  s.portal_address = std::string(addr);
  s.portal_port = number(addr_port.substr(colon + 1), "a portal port", value);
  s.tpgt = number(value.substr(comma + 1), "a portal group tag", value);
}

// "Host Number: 3\tState: running"
void parse_host(std::string_view value, IscsiSession& s) {
  auto words = status::split_words(value);
  if (words.empty()) status::parse_error(kTool, "\"Host Number: <n> State: <state>\"", value);
  s.host_number = number(words[0], "a host number", value);
  if (words.size() >= 3 && words[1] == "State:") s.host_state = std::string(words[2]);
}

// "scsi3 Channel 00 Id 0 Lun: 0" (remembered until the disk line) and
// "Attached scsi disk sda\t\tState: running"
void parse_disk(std::string_view line, int lun, IscsiSession& s) {
  auto words = status::split_words(line);
  if (words.size() < 4) status::parse_error(kTool, "\"Attached scsi disk <dev> State: <s>\"", line);
  IscsiDisk d;
  d.name = std::string(words[3]);
  d.lun = lun;
  if (words.size() >= 6 && words[4] == "State:") d.state = std::string(words[5]);
  s.disks.push_back(std::move(d));
}

void check_session(const IscsiSession& s) {
  if (s.target.empty()) status::parse_error(kTool, "a \"Target:\" line before the session", s.portal);
  if (s.portal.empty()) status::parse_error(kTool, "a \"Current Portal:\" line", s.target);
  if (s.sid < 0) status::parse_error(kTool, "a \"SID:\" line", s.target + " " + s.portal);
  if (s.session_state.empty())
    status::parse_error(kTool, "an \"iSCSI Session State:\" line", s.target + " " + s.portal);
}

}  // namespace

Argv iscsi_session_argv() { return {"iscsiadm", "-m", "session", "-P", "3"}; }

std::vector<IscsiSession> parse_iscsi_sessions(std::string_view text) {
  std::vector<IscsiSession> out;
  std::string target;
  IscsiSession* cur = nullptr;
  int lun = -1;
  for (auto raw : status::split_lines(text)) {
    auto line = status::trim(raw);
    std::string_view v;
    if (line.empty() || line.starts_with("*") || line.starts_with("iSCSI Transport Class") ||
        line.starts_with("version "))
      continue;
    if (field(line, "Target", v)) {
      auto words = status::split_words(v);  // newer releases append "(non-flash)"
      if (words.empty()) status::parse_error(kTool, "\"Target: <iqn>\"", line);
      target = std::string(words[0]);
      if (cur) check_session(*cur);
      cur = nullptr;
    } else if (field(line, "Current Portal", v)) {
      if (cur) check_session(*cur);
      out.push_back(IscsiSession{});
      cur = &out.back();
      cur->target = target;
      parse_portal(v, *cur);
    } else if (line == "Interface:" && cur && cur->sid >= 0) {
      // Another session to the same target and portal (iscsiadm skipped the portal lines).
      check_session(*cur);
      IscsiSession next;
      next.target = cur->target;
      next.portal = cur->portal;
      next.portal_address = cur->portal_address;
      next.portal_port = cur->portal_port;
      next.tpgt = cur->tpgt;
      out.push_back(std::move(next));
      cur = &out.back();
    } else if (!cur) {
      if (line == "Interface:") continue;
      status::parse_error(kTool, "\"Target:\" and \"Current Portal:\" before session details",
                          line);
    } else if (field(line, "Iface Name", v)) {
      cur->iface_name = std::string(v);
    } else if (field(line, "Iface Initiatorname", v)) {
      cur->iface_initiator_name = std::string(v);
    } else if (field(line, "Iface IPaddress", v)) {
      cur->iface_address = std::string(v);
    } else if (field(line, "SID", v)) {
      cur->sid = number(v, "a session id", line);
    } else if (field(line, "iSCSI Connection State", v)) {
      cur->connection_state = std::string(v);
    } else if (field(line, "iSCSI Session State", v)) {
      cur->session_state = std::string(v);
    } else if (field(line, "Internal iscsid Session State", v)) {
      cur->internal_state = std::string(v);
    } else if (field(line, "Host Number", v)) {
      parse_host(v, *cur);
    } else if (line.starts_with("scsi") && line.find("Lun:") != std::string_view::npos) {
      lun = number(status::trim(line.substr(line.find("Lun:") + 4)), "a LUN number", line);
    } else if (line.starts_with("Attached scsi disk")) {
      parse_disk(line, lun, *cur);
    }
    // Everything else (persistent portal, timeouts, CHAP, negotiated parameters) is not read.
  }
  if (cur) check_session(*cur);
  return out;
}

std::vector<IscsiSession> iscsi_sessions_from(const CommandResult& r) {
  if (r.exit_status == kIscsiNoObjectsFound) return {};
  if (r.exit_status != 0)
    throw LabError(fmt::format("{}: exit {}: {}", kTool, r.exit_status, tail_lines(r.err, 3)));
  return parse_iscsi_sessions(r.out);
}

}  // namespace harness
