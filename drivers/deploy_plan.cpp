// DeployTopology: built from the lab's nodes and validated once, so that renderers can splice
// its fields into files and argv vectors.
#include "drivers/deploy_plan.hpp"

#include <cmath>
#include <cstdint>
#include <set>

#include <fmt/format.h>

#include "harness/core/errors.hpp"

namespace harness {
namespace {

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

void require(bool ok, const std::string& what, std::string_view value) {
  if (!ok) throw LabError(fmt::format("deploy: invalid {}: \"{}\"", what, value));
}

std::uint64_t fnv1a(std::string_view s, std::uint64_t h) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace

bool is_ipv4(std::string_view s) {
  int parts = 0;
  std::size_t i = 0;
  while (true) {
    std::size_t start = i;
    int value = 0;
    while (i < s.size() && is_digit(s[i]) && i - start < 3) value = value * 10 + (s[i++] - '0');
    std::size_t len = i - start;
    if (len == 0 || value > 255 || (len > 1 && s[start] == '0')) return false;
    ++parts;
    if (i == s.size()) break;
    if (s[i] != '.' || parts == 4) return false;
    ++i;
  }
  return parts == 4;
}

bool is_simple_name(std::string_view s) {
  if (s.empty() || s.size() > 32 || !is_alnum(s[0])) return false;
  for (char c : s)
    if (!is_alnum(c) && c != '-' && c != '_') return false;
  return true;
}

bool is_iqn(std::string_view s) {
  // iqn.YYYY-MM.<authority with at least one dot>[:<unique part>]; LIO rejects "iqn.2024-01.test".
  if (s.size() > 223 || s.substr(0, 4) != "iqn.") return false;
  std::string_view rest = s.substr(4);
  if (rest.size() < 9) return false;
  for (int i : {0, 1, 2, 3, 5, 6})
    if (!is_digit(rest[i])) return false;
  if (rest[4] != '-' || rest[7] != '.') return false;
  std::string_view tail = rest.substr(8);
  std::size_t colon = tail.find(':');
  std::string_view authority = tail.substr(0, colon);
  if (authority.find('.') == std::string_view::npos || authority.front() == '.' ||
      authority.back() == '.' || authority.find("..") != std::string_view::npos)
    return false;
  for (char c : authority)
    if (!(c >= 'a' && c <= 'z') && !is_digit(c) && c != '.' && c != '-') return false;
  if (colon == std::string_view::npos) return true;
  std::string_view unique = tail.substr(colon + 1);
  if (unique.empty()) return false;
  for (char c : unique)
    if (!is_alnum(c) && c != '.' && c != '-' && c != ':' && c != '_') return false;
  return true;
}

bool is_xml_id(std::string_view s) {
  if (s.empty()) return false;
  if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') || s[0] == '_'))
    return false;
  for (char c : s)
    if (!is_alnum(c) && c != '_' && c != '-' && c != '.') return false;
  return true;
}

bool is_hex_serial(std::string_view s) {
  if (s.size() < 8 || s.size() > 64) return false;
  for (char c : s)
    if (!is_hex(c)) return false;
  return true;
}

bool has_shell_metachar(std::string_view s) {
  static constexpr std::string_view kSpecial = " \t\n\r;&|<>()$`\\\"'*?[]{}#~!%";
  return s.find_first_of(kSpecial) != std::string_view::npos;
}

int whole_number(double value, std::string_view key, int lo, int hi) {
  if (!std::isfinite(value) || std::floor(value) != value || value < lo || value > hi)
    throw ScenarioError(fmt::format("tunables: {}: expected a whole number in [{}, {}], found {}",
                                    key, lo, hi, value));
  return static_cast<int>(value);
}

std::string derive_lun_serial(std::string_view seed) {
  std::uint64_t a = fnv1a(seed, 14695981039346656037ULL);
  std::uint64_t b = fnv1a(seed, a ^ 0x9e3779b97f4a7c15ULL);
  return fmt::format("{:016x}{:016x}", a, b);
}

const TargetNode& DeployTopology::target(std::string_view name) const {
  for (const auto& t : targets)
    if (t.name == name) return t;
  throw LabError(fmt::format("deploy: {} is not a target node", name));
}

const TargetNode& DeployTopology::peer_of(std::string_view name) const {
  const TargetNode& self = target(name);
  for (const auto& t : targets)
    if (t.name != self.name) return t;
  throw LabError(fmt::format("deploy: target {} has no peer", name));
}

void check_topology(const DeployTopology& t) {
  require(is_simple_name(t.cluster_name), "cluster name", t.cluster_name);
  if (t.targets.size() != 2)
    throw LabError(fmt::format("deploy: need exactly 2 target nodes, found {}", t.targets.size()));
  std::set<std::string> names, groups;
  std::set<int> ids;
  for (const auto& n : t.targets) {
    require(is_simple_name(n.name), "target node name", n.name);
    require(is_xml_id(n.name), "target node name (used in CIB ids)", n.name);
    require(is_simple_name(n.domain) || is_xml_id(n.domain), "libvirt domain of " + n.name,
            n.domain);
    for (const auto* a : {&n.mgmt, &n.ring0, &n.ring1, &n.san0, &n.san1})
      require(is_ipv4(*a), "address of " + n.name, *a);
    require(is_iqn(n.iqn), "target IQN", n.iqn);
    require(is_xml_id(n.alua_group) && n.alua_group.size() <= 64, "ALUA group name",
            n.alua_group);
    require(n.nodeid >= 1 && n.nodeid <= 2, "node id of " + n.name, std::to_string(n.nodeid));
    names.insert(n.name);
    groups.insert(n.alua_group);
    ids.insert(n.nodeid);
  }
  if (names.size() != 2 || groups.size() != 2 || ids.size() != 2)
    throw LabError("deploy: target nodes need distinct names, node ids and ALUA groups");
  require(is_simple_name(t.initiator.name), "initiator node name", t.initiator.name);
  for (const auto* a : {&t.initiator.mgmt, &t.initiator.san0, &t.initiator.san1})
    require(is_ipv4(*a), "initiator address", *a);
  require(is_iqn(t.initiator.iqn), "initiator IQN", t.initiator.iqn);
  require(is_ipv4(t.host_mgmt_address), "host management address", t.host_mgmt_address);
  require(!t.fence_key_path.empty() && t.fence_key_path[0] == '/' &&
              !has_shell_metachar(t.fence_key_path),
          "fence key path", t.fence_key_path);
  require(is_simple_name(t.fence_login), "fence login", t.fence_login);
  require(t.fence_port > 0 && t.fence_port < 65536, "fence sshd port", std::to_string(t.fence_port));
  require(is_ipv4(t.fence_xvm_group) && std::stoi(t.fence_xvm_group) >= 224 &&
              std::stoi(t.fence_xvm_group) <= 239,
          "fence_xvm multicast group", t.fence_xvm_group);
  require(t.fence_xvm_port > 0 && t.fence_xvm_port < 65536, "fence_xvm port",
          std::to_string(t.fence_xvm_port));
  require(is_simple_name(t.bmc_user), "BMC user", t.bmc_user);
  for (const auto& n : t.targets)
    require(n.bmc_port >= 0 && n.bmc_port < 65536, "BMC port of " + n.name,
            std::to_string(n.bmc_port));
  require(is_simple_name(t.drbd_resource), "DRBD resource", t.drbd_resource);
  require(t.drbd_device == fmt::format("/dev/drbd{}", t.drbd_minor), "DRBD device",
          t.drbd_device);
  require(t.drbd_port > 0 && t.drbd_port < 65536, "DRBD port", std::to_string(t.drbd_port));
  require(!t.data_disk.empty() && t.data_disk[0] == '/' && !has_shell_metachar(t.data_disk),
          "data disk", t.data_disk);
  require(is_simple_name(t.backing_dm_name), "device-mapper name", t.backing_dm_name);
  require(is_simple_name(t.backstore_name), "backstore name", t.backstore_name);
  require(is_hex_serial(t.lun_serial), "LUN serial", t.lun_serial);
  require(t.iscsi_port > 0 && t.iscsi_port < 65536, "iSCSI port", std::to_string(t.iscsi_port));
}

DeployTopology make_deploy_topology(const std::vector<NodeInfo>& nodes, const DeployInputs& in) {
  DeployTopology t;
  t.cluster_name = in.cluster_name;
  t.host_mgmt_address = in.host_mgmt_address;
  t.fence_key_path = in.fence_key_path;
  t.fence_port = in.fence_port;
  t.fence_xvm_group = in.fence_xvm_group;
  t.fence_xvm_port = in.fence_xvm_port;
  t.bmc_user = in.bmc_user;
  t.lun_serial = in.lun_serial.empty() ? derive_lun_serial(in.cluster_name) : in.lun_serial;
  bool have_initiator = false;
  for (const auto& n : nodes) {
    if (n.role == "target") {
      TargetNode tn;
      tn.name = n.name;
      tn.nodeid = static_cast<int>(t.targets.size()) + 1;
      auto d = in.domains.find(n.name);
      if (d == in.domains.end())
        throw LabError(fmt::format("deploy: no libvirt domain known for node {}", n.name));
      tn.domain = d->second;
      tn.mgmt = n.address("mgmt");
      tn.ring0 = n.address("ring0");
      tn.ring1 = n.address("ring1");
      tn.san0 = n.address("san0");
      tn.san1 = n.address("san1");
      tn.iqn = in.iqn_prefix + ":" + n.name;
      tn.alua_group = "tpg_" + n.name;
      if (auto b = in.bmc_ports.find(n.name); b != in.bmc_ports.end()) tn.bmc_port = b->second;
      t.targets.push_back(std::move(tn));
    } else if (n.role == "initiator") {
      if (have_initiator) throw LabError("deploy: more than one initiator node");
      have_initiator = true;
      t.initiator.name = n.name;
      t.initiator.mgmt = n.address("mgmt");
      t.initiator.san0 = n.address("san0");
      t.initiator.san1 = n.address("san1");
      t.initiator.iqn = in.iqn_prefix + ":" + n.name;
    } else {
      throw LabError(fmt::format("deploy: node {} has unknown role \"{}\"", n.name, n.role));
    }
  }
  if (!have_initiator) throw LabError("deploy: the lab has no initiator node");
  check_topology(t);
  return t;
}

}  // namespace harness
