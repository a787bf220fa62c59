// The SCST configuration spec of a deploy topology.
#include "drivers/scst/scst_spec.hpp"


namespace harness {
namespace {

constexpr std::size_t kT10DevIdLength = 24;  // of SCST's 25: hex digits come in whole bytes
constexpr std::size_t kUsnLength = 20;       // SCST's limit

}  // namespace

std::string scst_t10_dev_id(std::string_view lun_serial) {
  return std::string(lun_serial.substr(0, kT10DevIdLength));
}

std::string scst_usn(std::string_view lun_serial) {
  return std::string(lun_serial.substr(0, kUsnLength));
}

std::string scst_device_group(const DeployTopology& topo) { return "dg_" + topo.backstore_name; }

std::string scst_target_group(const std::string& node) { return "tg_" + node; }

ScstConfigSpec scst_config_spec(const DeployTopology& topo) {
  check_topology(topo);
  ScstConfigSpec s;
  for (const auto& n : topo.targets)
    s.nodes[n.nodeid - 1] = ScstNode{n.iqn, scst_target_group(n.name), {n.san0, n.san1}};
  s.device = topo.backstore_name;
  s.device_path = topo.drbd_device;
  s.device_group = scst_device_group(topo);
  s.t10_dev_id = scst_t10_dev_id(topo.lun_serial);
  s.usn = scst_usn(topo.lun_serial);
  s.initiator_iqn = topo.initiator.iqn;
  check_scst_config(s);
  return s;
}

}  // namespace harness
