// Renders /etc/scst.conf for one node of the two-node SCST target.
#include "drivers/scst/scst_config.hpp"

#include <fmt/format.h>

#include "drivers/deploy_plan.hpp"
#include "harness/core/errors.hpp"

namespace harness {

namespace {

constexpr std::size_t kMaxScstName = 49;  // SCST_MAX_NAME (50) less its NUL
constexpr std::size_t kMaxT10DevId = 25;  // scst_vdisk.c: char t10_dev_id[16 + 8 + 2]
constexpr std::size_t kMaxUsn = 20;       // scst_vdisk.c: MAX_USN_LEN (20 + 1)

bool is_safe_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '-';
}

// Letters, digits, '_', '.', '-'; not "." or ".." (the names become sysfs directories).
bool is_safe_name(std::string_view s, std::size_t max) {
  if (s.empty() || s.size() > max || s == "." || s == "..") return false;
  for (char c : s)
    if (!is_safe_char(c)) return false;
  return true;
}

bool is_device_path(std::string_view s) {
  if (s.size() < 2 || s.size() > 255 || s.front() != '/' || s.back() == '/') return false;
  std::string_view rest = s.substr(1);
  while (!rest.empty()) {
    std::size_t slash = rest.find('/');
    if (!is_safe_name(rest.substr(0, slash), 255)) return false;
    if (slash == std::string_view::npos) break;
    rest = rest.substr(slash + 1);
  }
  return true;
}

void require(bool ok, std::string_view field, std::string_view value, std::string_view expected) {
  if (!ok)
    throw LabError(fmt::format("scst.conf: {}: expected {}, found \"{}\"", field, expected, value));
}

void check_node_number(int node) {
  if (node != 1 && node != 2)
    throw LabError(fmt::format("scst.conf: node must be 1 or 2, found {}", node));
}

}  // namespace

int scst_group_id(int node) {
  check_node_number(node);
  return node;
}

int scst_rel_tgt_id(int node) {
  check_node_number(node);
  return node;
}

void check_scst_config(const ScstConfigSpec& spec) {
  const char* kName = "letters, digits, '_', '.' or '-' (at most 49)";
  for (std::size_t i = 0; i < spec.nodes.size(); ++i) {
    const auto& n = spec.nodes[i];
    std::string at = fmt::format("node {}", i + 1);
    require(is_iqn(n.iqn), at + " iqn", n.iqn, "an IQN (iqn.YYYY-MM.authority[:name])");
    require(is_safe_name(n.target_group, kMaxScstName), at + " target_group", n.target_group,
            kName);
    for (const auto& p : n.portals) require(is_ipv4(p), at + " portal", p, "an IPv4 address");
  }
  require(spec.nodes[0].iqn != spec.nodes[1].iqn, "node 2 iqn", spec.nodes[1].iqn,
          "a target other than node 1's");
  require(spec.nodes[0].target_group != spec.nodes[1].target_group, "node 2 target_group",
          spec.nodes[1].target_group, "a group other than node 1's");
  require(is_safe_name(spec.device, kMaxScstName), "device", spec.device, kName);
  require(is_safe_name(spec.device_group, kMaxScstName), "device_group", spec.device_group, kName);
  require(is_device_path(spec.device_path), "device_path", spec.device_path,
          "an absolute path of letters, digits, '_', '.' or '-'");
  require(is_safe_name(spec.t10_dev_id, kMaxT10DevId), "t10_dev_id", spec.t10_dev_id,
          "1 to 25 letters, digits, '_', '.' or '-'");
  require(is_safe_name(spec.usn, kMaxUsn), "usn", spec.usn,
          "1 to 20 letters, digits, '_', '.' or '-'");
  require(spec.initiator_iqn.empty() || is_iqn(spec.initiator_iqn), "initiator_iqn",
          spec.initiator_iqn, "an IQN (iqn.YYYY-MM.authority[:name]) or nothing");
}

std::string render_scst_conf(const ScstConfigSpec& spec, int node) {
  check_node_number(node);
  check_scst_config(spec);
  const ScstNode& self = spec.nodes[node - 1];
  const int peer = 3 - node;
  const ScstNode& other = spec.nodes[peer - 1];

  std::string out = fmt::format(
      "# /etc/scst.conf of target node {} of 2, rendered by the failover harness "
      "(docs/SCST.md).\n"
      "# Applied with `scstadmin -config /etc/scst.conf`.\n\n",
      node);
  // write_through 1 and nv_cache 0: with dual-primary DRBD a write may be acknowledged only
  // once DRBD has it on both nodes, never from a cache (scst/README.drbd). t10_dev_id and usn
  // are the same on both nodes: the initiator's multipath groups the two paths as one LU by them.
  out += fmt::format(
      "HANDLER vdisk_blockio {{\n"
      "\tDEVICE {} {{\n"
      "\t\tfilename {}\n"
      "\t\twrite_through 1\n"
      "\t\tnv_cache 0\n"
      "\t\tt10_dev_id {}\n"
      "\t\tusn {}\n"
      "\t}}\n"
      "}}\n\n",
      spec.device, spec.device_path, spec.t10_dev_id, spec.usn);
  // Only this node's target exists here; its relative target port id is the target's own
  // attribute (a local target in a target group is a link to it, scst_sysfs.c). allowed_portal
  // keeps it off the addresses that are not its fabrics (discovery and login, iscsi-scst/README).
  std::string portals;
  for (const auto& p : self.portals) portals += fmt::format("\t\tallowed_portal {}\n", p);
  // With an initiator named, the LUN is in a security group only it belongs to (LIO's ACL);
  // the default group, which every initiator sees, stays empty.
  const std::string lun =
      spec.initiator_iqn.empty()
          ? fmt::format("\t\tLUN 0 {}\n", spec.device)
          : fmt::format("\t\tGROUP {} {{\n"
                        "\t\t\tLUN 0 {}\n\n"
                        "\t\t\tINITIATOR {}\n"
                        "\t\t}}\n",
                        kScstInitiatorGroup, spec.device, spec.initiator_iqn);
  out += fmt::format(
      "TARGET_DRIVER iscsi {{\n"
      "\tenabled 1\n\n"
      "\tTARGET {} {{\n"
      "\t\trel_tgt_id {}\n"
      "{}"
      "\t\tenabled 1\n\n"
      "{}"
      "\t}}\n"
      "}}\n\n",
      self.iqn, scst_rel_tgt_id(node), portals, lun);
  // Both groups start offline: the DRBD device may not be primary yet when scstadmin applies
  // this, and vdisk_blockio's bind_alua_state opens it only in active or nonoptimized. The
  // cluster's agent (ocf/harness-scst-alua) sets both states from then on.
  out += fmt::format(
      "DEVICE_GROUP {} {{\n"
      "\tDEVICE {}\n\n"
      "\t# this node's target\n"
      "\tTARGET_GROUP {} {{\n"
      "\t\tgroup_id {}\n"
      "\t\tstate offline\n\n"
      "\t\tTARGET {}\n"
      "\t}}\n\n"
      "\t# the peer's target: SCST knows it only by name and relative target port id\n"
      "\tTARGET_GROUP {} {{\n"
      "\t\tgroup_id {}\n"
      "\t\tstate offline\n\n"
      "\t\tTARGET {} {{\n"
      "\t\t\trel_tgt_id {}\n"
      "\t\t}}\n"
      "\t}}\n"
      "}}\n",
      spec.device_group, spec.device, self.target_group, scst_group_id(node), self.iqn,
      other.target_group, scst_group_id(peer), other.iqn, scst_rel_tgt_id(peer));
  return out;
}

}  // namespace harness
