// SCST target: /etc/scst.conf per node, applied by the scst-setup helper; ALUA state changes
// through scst-set-state; teardown with scstadmin.
#include "drivers/scst/scst_driver.hpp"

#include <fmt/format.h>

#include "drivers/scst/scst_alua.hpp"
#include "drivers/scst/scst_config.hpp"
#include "drivers/scst/scst_spec.hpp"
#include "drivers/shipped_file.hpp"

namespace harness {
namespace {

// iscsi-scstd's pid file (iscsi-scst/usr/iscsi_scstd.c writes it when it daemonizes).
constexpr const char* kIscsiScstdPidFile = "/run/iscsi-scstd.pid";

}  // namespace

std::vector<GuestFile> ScstTargetDriver::files(const DeployTopology& topo) const {
  check_topology(topo);
  return {{kScstSetupPath, read_shipped_file("drivers/scst/scst-setup"), 0755},
          {kScstSetStatePath, read_shipped_file("drivers/scst/scst-set-state"), 0755},
          {kScstAgentPath, read_shipped_file("drivers/scst/ocf/harness-scst-alua"), 0755}};
}

std::vector<GuestFile> ScstTargetDriver::node_files(const DeployTopology& topo,
                                                    const std::string& node) const {
  const TargetNode& n = topo.target(node);
  return {{kScstConfPath, render_scst_conf(scst_config_spec(topo), n.nodeid), 0644}};
}

std::vector<PlannedCommand> ScstTargetDriver::setup_commands(const DeployTopology& topo,
                                                             const std::string& node) const {
  const ScstConfigSpec spec = scst_config_spec(topo);  // checks the topology
  const TargetNode& n = topo.target(node);
  const std::string tg = scst_target_group(n.name);
  // One helper run, as SCST's init script does it, so that the ready mark the agent waits for
  // brackets the whole of it. The steps and their order are in scst-setup.
  return {{{"modprobe", "-a", "scst", "scst_vdisk", "iscsi_scst"},
           "SCST core, vdisk handler and iSCSI target modules (built for the image's kernel)"},
          {{kScstSetupPath,
            "--config", kScstConfPath,
            "--device-group", spec.device_group,
            "--target-group", tg,
            "--listen", n.san0,
            "--listen", n.san1,
            "--port", std::to_string(topo.iscsi_port)},
           fmt::format("{}: iscsi-scstd on {} and {}, {} applied (relative target port id {}, "
                       "t10_dev_id {}, usn {}), target group {} left offline",
                       n.iqn, n.san0, n.san1, kScstConfPath, scst_rel_tgt_id(n.nodeid),
                       spec.t10_dev_id, spec.usn, tg)}};
}

std::vector<PlannedCommand> ScstTargetDriver::teardown_commands(const DeployTopology& topo,
                                                                const std::string& node) const {
  check_topology(topo);
  const TargetNode& n = topo.target(node);
  // The modules stay loaded: nothing then holds DRBD, a setup's modprobe finds them, and the
  // node's next image (node_upgrade) boots without them. An unload right after the daemon
  // stops can still find them in use, and a take-out runs every command to success.
  return {{{"rm", "-f", kScstReadyPath}, "the agent no longer takes the target for set up", true},
          {{"scstadmin", "-noprompt", "-disable_target", n.iqn, "-driver", "iscsi"},
           "close the initiator's sessions",
           true},
          {{"scstadmin", "-noprompt", "-force", "-clear_config"},
           "remove the target, its groups and the device: releases the DRBD device",
           true},
          {{"start-stop-daemon", "--stop", "--quiet", "--oknodo", "--pidfile", kIscsiScstdPidFile,
            "--name", "iscsi-scstd", "--retry", "TERM/10/KILL/5"},
           "stop iscsi-scstd",
           true}};
}

std::vector<PlannedCommand> ScstTargetDriver::set_alua_state(const DeployTopology& topo,
                                                             const std::string& node,
                                                             AluaState state) const {
  check_topology(topo);
  const TargetNode& n = topo.target(node);
  // Only what this node reports for its own group: the peer's report of it is the cluster
  // agent's (notify), which a state set outside the cluster does not reach.
  return {{{kScstSetStatePath, scst_device_group(topo), scst_target_group(n.name),
            std::string(scst_state_name(state))},
           fmt::format("{}: ALUA state {}", node, to_string(state))}};
}

ClusterAgent ScstTargetDriver::cluster_agent(const DeployTopology& topo) const {
  check_topology(topo);
  ClusterAgent a{"harness", "scst-alua", {}};
  for (const auto& n : topo.targets)
    a.params_by_node[n.name] = {{"device_group", scst_device_group(topo)},
                                {"local_tgt_grp", scst_target_group(n.name)},
                                {"remote_tgt_grp", scst_target_group(topo.peer_of(n.name).name)},
                                // LIO's numbers 0 and 1: promoted optimized, unpromoted not.
                                {"m_alua_state", "active"},
                                {"s_alua_state", "nonoptimized"}};
  return a;
}

Argv ScstTargetDriver::alua_state_argv(const DeployTopology& topo, const std::string& node) const {
  check_topology(topo);
  return {"cat", scst_state_path(scst_device_group(topo), scst_target_group(topo.target(node).name))};
}

std::optional<AluaState> ScstTargetDriver::parse_alua_state(std::string_view out) const {
  return parse_scst_state(out);
}

std::vector<std::pair<std::string, Argv>> ScstTargetDriver::log_commands(
    const DeployTopology& topo) const {
  return {{"scst.conf", {"cat", kScstConfPath}},
          {"scst-groups.txt", {"scstadmin", "-list_dgrp", scst_device_group(topo)}},
          {"scst-sessions.txt", {"scstadmin", "-list_sessions"}}};
}

}  // namespace harness
