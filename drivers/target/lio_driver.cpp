// LIO target: targetcli commands where targetcli has them, configfs writes (through the
// configfs-set helper) for ALUA, which targetcli-fb does not manage.
#include "drivers/target/lio_driver.hpp"

#include <fmt/format.h>

#include "drivers/shipped_file.hpp"
#include "harness/errors.hpp"

namespace harness {
namespace {

constexpr const char* kConfigfsTarget = "/sys/kernel/config/target";
// targetcli-fb gives the first block backstore after a clearconfig HBA iblock_0.
constexpr const char* kIblockHba = "iblock_0";

std::string target_path(const DeployTopology& topo, const std::string& node) {
  return "/iscsi/" + topo.target(node).iqn + "/tpg1";
}

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

std::string lio_lun_dir(const DeployTopology& topo, const std::string& node) {
  return fmt::format("{}/iscsi/{}/tpgt_1/lun/lun_0", kConfigfsTarget, topo.target(node).iqn);
}

std::vector<GuestFile> LioTargetDriver::files(const DeployTopology& topo) const {
  check_topology(topo);
  return {{kConfigfsSetPath, read_shipped_file("drivers/target/configfs-set"), 0755},
          {kAluaAgentPath, read_shipped_file("drivers/target/ocf/harness-alua"), 0755}};
}

std::vector<PlannedCommand> LioTargetDriver::setup_commands(const DeployTopology& topo,
                                                            const std::string& node) const {
  check_topology(topo);
  const TargetNode& n = topo.target(node);
  const std::string tpg = target_path(topo, node);
  const std::string backstore = "/backstores/block/" + topo.backstore_name;
  const std::string group = lio_alua_group_dir(topo, node);
  const std::string port = std::to_string(topo.iscsi_port);
  std::vector<PlannedCommand> c;

  c.push_back({{"modprobe", "-a", "target_core_mod", "target_core_iblock", "iscsi_target_mod"},
               "LIO core, block backstore and iSCSI fabric modules"});
  c.push_back(targetcli({"clearconfig", "confirm=True"},
                        "start from an empty LIO (fresh per-device port id counters)"));
  // Same unit serial on both nodes -> same NAA identifier -> multipath sees one LU.
  c.push_back(targetcli({"/backstores/block", "create", "name=" + topo.backstore_name,
                         "dev=" + topo.drbd_device, "wwn=" + topo.lun_serial},
                        "block backstore on the DRBD device with the shared unit serial"));
  // No portal until the LU is complete (below): an initiator that still has a session to this
  // node (it was fenced and came back) logs in again as soon as a portal listens, and a LUN
  // that is relinked or still unavailable under it makes the initiator re-read the capacity
  // as 0 ("access beyond end of device" on that path ever after; seen in the lab).
  c.push_back(targetcli({"set", "global", "auto_add_default_portal=false"},
                        "no automatic 0.0.0.0:3260 portal on the new target"));
  c.push_back(targetcli({"/iscsi", "create", n.iqn}, "this node's iSCSI target"));
  c.push_back(targetcli({tpg + "/luns", "create", backstore, "lun=0"}, "LUN 0"));
  for (int i = 1; i < n.nodeid; ++i) {
    c.push_back(targetcli({tpg + "/luns", "delete", "lun=0"},
                          "unlink LUN 0 again to advance the relative target port id"));
    c.push_back(targetcli({tpg + "/luns", "create", backstore, "lun=0"},
                          fmt::format("relink LUN 0 (relative target port id {})", i + 1)));
  }
  c.push_back(targetcli({tpg + "/acls", "create", topo.initiator.iqn},
                        "ACL for the initiator, mapping LUN 0"));
  c.push_back(targetcli({tpg, "set", "attribute", "authentication=0"}, "no CHAP in the lab"));

  c.push_back({{"mkdir", group}, "ALUA target port group " + n.alua_group});
  c.push_back(configfs_set(group + "/tg_pt_gp_id", std::to_string(n.nodeid),
                           "group id: distinct per node, reported by RTPG"));
  for (const char* s : {"active_optimized", "active_nonoptimized", "standby", "unavailable",
                        "transitioning"})
    c.push_back(configfs_set(group + "/alua_support_" + s, "1",
                             std::string("advertise support for state ") + s));
  for (const char* s : {"offline", "lba_dependent"})
    c.push_back(configfs_set(group + "/alua_support_" + s, "0",
                             std::string("state not used: ") + s));
  c.push_back(configfs_set(group + "/nonop_delay_msecs", "0",
                           "no artificial delay on active/non-optimized paths"));
  c.push_back(configfs_set(group + "/trans_delay_msecs", "0", "no artificial transition delay"));
  c.push_back(configfs_set(group + "/alua_access_type", "3", "implicit and explicit ALUA"));
  c.push_back(configfs_set(lio_lun_dir(topo, node) + "/alua_tg_pt_gp", n.alua_group,
                           "LUN 0's port joins the node's group"));
  // The agent's "stopped" state: Pacemaker's probe finds the resource stopped and starts it.
  c.push_back(configfs_set(group + "/alua_access_state",
                           std::to_string(static_cast<int>(AluaState::unavailable)),
                           "unavailable until the cluster starts the ALUA resource"));
  c.push_back(configfs_set(group + "/alua_access_type", "1",
                           "implicit only while stopped: no initiator STPG can activate it"));
  for (const auto* addr : {&n.san0, &n.san1})
    c.push_back(targetcli({tpg + "/portals", "create", "ip_address=" + *addr, "ip_port=" + port},
                          "portal on " + *addr + " (last: the LU is complete)"));
  return c;
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

}  // namespace harness
