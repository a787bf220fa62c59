#include "drivers/drbd/events.hpp"

#include <string>

namespace harness {
namespace {

struct Change {
  std::string from, to;
};

// The "name( from -> to )" field of a state line, if it has one.
bool field(std::string_view m, std::string_view name, Change& c) {
  const std::string key = std::string(name) + "( ";
  auto at = m.find(key);
  // "peer(" must not match inside "pdsk(": the field starts the line's word.
  while (at != std::string_view::npos && at > 0 && m[at - 1] != ' ') at = m.find(key, at + 1);
  if (at == std::string_view::npos) return false;
  const auto rest = m.substr(at + key.size());
  const auto arrow = rest.find(" -> "), close = rest.find(" )");
  if (arrow == std::string_view::npos || close == std::string_view::npos || arrow > close) return false;
  c.from = std::string(rest.substr(0, arrow));
  c.to = std::string(rest.substr(arrow + 4, close - arrow - 4));
  return true;
}

// "drbd r0: ..." -> "r0", "block drbd0: ..." -> "drbd0".
std::string subject_of(std::string_view m) {
  for (std::string_view p : {std::string_view("drbd "), std::string_view("block ")})
    if (m.starts_with(p)) {
      const auto colon = m.find(':');
      if (colon != std::string_view::npos) return std::string(m.substr(p.size(), colon - p.size()));
    }
  return "";
}

// Connection states without a peer (DRBD 8.4's drbd_conn_str): leaving Connected for a verify
// or a resync is not losing the peer.
bool without_peer(std::string_view c) {
  for (std::string_view s : {"StandAlone", "Disconnecting", "Unconnected", "Timeout", "BrokenPipe",
                             "NetworkFailure", "ProtocolError", "TearDown", "WFConnection"})
    if (c == s) return true;
  return false;
}

// Connected or one of the states that replicate from it (verify, resync, congestion): the peer
// is there.
bool with_peer(std::string_view c) {
  if (c == "Connected" || c == "Ahead" || c == "Behind" || c == "WFSyncUUID") return true;
  for (std::string_view p : {"Verify", "Sync", "PausedSync", "StartingSync", "WFBitMap"})
    if (c.starts_with(p)) return true;
  return false;
}

}  // namespace

std::vector<SignalWord> drbd_log_signals(std::string_view unit, std::string_view m) {
  if (unit != "kernel" || !(m.starts_with("drbd ") || m.starts_with("block drbd"))) return {};
  std::vector<SignalWord> out;
  const std::string subject = subject_of(m);
  if (m.find("fence-peer") != std::string_view::npos) {
    if (m.find("exit code") != std::string_view::npos || m.find("returned") != std::string_view::npos)
      out.push_back({Signal::fence_peer_done, subject});
    else if (m.find("helper command:") != std::string_view::npos)
      out.push_back({Signal::fence_peer_started, subject});
    return out;
  }
  Change c;
  const bool peer_gone = field(m, "peer", c) && c.to == "Unknown";
  Change conn;
  const bool has_conn = field(m, "conn", conn);
  if (peer_gone || (has_conn && !without_peer(conn.from) && without_peer(conn.to)))
    out.push_back({Signal::peer_lost, subject});
  if (has_conn && conn.to == "Connected" && !with_peer(conn.from))
    out.push_back({Signal::peer_connected, subject});
  if (field(m, "susp", c)) {
    if (c.from == "0" && c.to != "0") out.push_back({Signal::io_suspended, subject});
    if (c.from != "0" && c.to == "0") out.push_back({Signal::io_resumed, subject});
  }
  if (field(m, "role", c) && c.to == "Primary" && c.from != "Primary")
    out.push_back({Signal::became_primary, subject});
  return out;
}

std::vector<SignalWord> drbd_observation_signals(const nlohmann::json& before,
                                                 const nlohmann::json& after) {
  std::vector<SignalWord> out;
  auto str = [](const nlohmann::json& j, const char* k) {
    auto it = j.find(k);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  auto flag = [](const nlohmann::json& j, const char* k) -> int {
    auto it = j.find(k);
    return it == j.end() || !it->is_boolean() ? -1 : it->get<bool>() ? 1 : 0;
  };
  if (!before.is_object() || !after.is_object()) return out;
  const std::string cb = str(before, "cstate"), ca = str(after, "cstate");
  if (!cb.empty() && !without_peer(cb) && without_peer(ca)) out.push_back({Signal::peer_lost, ""});
  if (!cb.empty() && !with_peer(cb) && ca == "Connected") out.push_back({Signal::peer_connected, ""});
  const int sb = flag(before, "suspended"), sa = flag(after, "suspended");
  if (sb == 0 && sa == 1) out.push_back({Signal::io_suspended, ""});
  if (sb == 1 && sa == 0) out.push_back({Signal::io_resumed, ""});
  const std::string rb = str(before, "role"), ra = str(after, "role");
  if (!rb.empty() && rb != "Primary" && ra == "Primary") out.push_back({Signal::became_primary, ""});
  return out;
}

}  // namespace harness
