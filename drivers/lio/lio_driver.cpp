// LIO target: set up by the lio-setup helper (rtslib-fb, one process), ALUA state changes as
// configfs writes through the configfs-set helper, teardown with targetcli.
#include "drivers/lio/lio_driver.hpp"

#include <fmt/format.h>

#include "drivers/parse_util.hpp"
#include "drivers/shipped_file.hpp"
#include "harness/core/errors.hpp"

namespace harness {
namespace {

constexpr const char* kConfigfsTarget = "/sys/kernel/config/target";
// rtslib-fb (lio-setup) gives the first block backstore after a clear HBA iblock_0.
constexpr const char* kIblockHba = "iblock_0";

PlannedCommand targetcli(std::vector<std::string> args, std::string why, bool may_fail = false) {
  // targetcli-fb re-joins its arguments with spaces and parses them itself: no element may
  // contain a space (the topology's values never do; check_topology enforces it).
  Argv argv{"targetcli"};
  for (auto& a : args) argv.push_back(std::move(a));
  return {std::move(argv), std::move(why), may_fail};
}

PlannedCommand configfs_set(const std::string& path, const std::string& value, std::string why) {
  return {{kConfigfsSetPath, path, value}, std::move(why), false};
}

}  // namespace

std::string lio_backstore_dir(const DeployTopology& topo) {
  return fmt::format("{}/core/{}/{}", kConfigfsTarget, kIblockHba, topo.backstore_name);
}

std::string lio_alua_group_dir(const DeployTopology& topo, const std::string& node) {
  return lio_backstore_dir(topo) + "/alua/" + topo.target(node).alua_group;
}

std::vector<GuestFile> LioTargetDriver::files(const DeployTopology& topo) const {
  check_topology(topo);
  return {{kConfigfsSetPath, read_shipped_file("drivers/lio/configfs-set"), 0755},
          {kLioSetupPath, read_shipped_file("drivers/lio/lio-setup"), 0755},
          {kAluaAgentPath, read_shipped_file("drivers/lio/ocf/harness-alua"), 0755}};
}

std::vector<PlannedCommand> LioTargetDriver::setup_commands(const DeployTopology& topo,
                                                            const std::string& node) const {
  check_topology(topo);
  const TargetNode& n = topo.target(node);
  const std::string port = std::to_string(topo.iscsi_port);
  // One lio-setup (rtslib) instead of ten targetcli starts: ~3 s each on a TCG guest, and the
  // setup runs in every deploy and every rejoin. The steps and their order are in lio-setup.
  Argv setup{kLioSetupPath,
             "--device", topo.drbd_device,
             "--backstore", topo.backstore_name,
             "--serial", topo.lun_serial,
             "--target", n.iqn,
             "--initiator", topo.initiator.iqn,
             // Node k's LUN gets relative target port id k: distinct ports in RTPG.
             "--port-id", std::to_string(n.nodeid),
             "--alua-group", n.alua_group,
             "--alua-group-id", std::to_string(n.nodeid),
             "--transition-delay-ms", std::to_string(transition_delay_ms_)};
  for (const auto* addr : {&n.san0, &n.san1}) {
    setup.push_back("--portal");
    setup.push_back(*addr + ":" + port);
  }
  return {{{"modprobe", "-a", "target_core_mod", "target_core_iblock", "iscsi_target_mod"},
           "LIO core, block backstore and iSCSI fabric modules"},
          {std::move(setup),
           fmt::format("{}: backstore on {} (serial {}), LUN 0 (relative port id {}), ACL, ALUA "
                       "group {} left unavailable, portals last",
                       n.iqn, topo.drbd_device, topo.lun_serial, n.nodeid, n.alua_group)}};
}

std::vector<PlannedCommand> LioTargetDriver::teardown_commands(const DeployTopology& topo,
                                                               const std::string& node) const {
  check_topology(topo);
  const TargetNode& n = topo.target(node);
  // The group goes after the target (its LUN is a member) and before the backstore.
  return {targetcli({"/iscsi", "delete", n.iqn}, "remove the iSCSI target", true),
          {{"rmdir", lio_alua_group_dir(topo, node)}, "remove the ALUA group", true},
          targetcli({"/backstores/block", "delete", topo.backstore_name},
                    "release the DRBD device", true)};
}

std::vector<PlannedCommand> LioTargetDriver::set_alua_state(const DeployTopology& topo,
                                                            const std::string& node,
                                                            AluaState state) const {
  check_topology(topo);
  return {configfs_set(lio_alua_group_dir(topo, node) + "/alua_access_state",
                       std::to_string(static_cast<int>(state)),
                       fmt::format("{}: ALUA state {}", node, to_string(state)))};
}

ClusterAgent LioTargetDriver::cluster_agent(const DeployTopology& topo) const {
  check_topology(topo);
  ClusterAgent a{"harness", "alua", {}};
  for (const auto& n : topo.targets)
    a.params_by_node[n.name] = {{"tg_pt_gp", n.alua_group},
                                {"device", std::string(kIblockHba) + "/" + topo.backstore_name}};
  return a;
}

Argv LioTargetDriver::alua_state_argv(const DeployTopology& topo, const std::string& node) const {
  return {"cat", lio_alua_group_dir(topo, node) + "/alua_access_state"};
}

std::optional<AluaState> LioTargetDriver::parse_alua_state(std::string_view out) const {
  try {
    return static_cast<AluaState>(std::stoi(std::string(status::trim(out))));
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::vector<std::pair<std::string, Argv>> LioTargetDriver::log_commands(
    const DeployTopology&) const {
  return {{"lio.txt", {"targetcli", "ls"}}};
}

}  // namespace harness
