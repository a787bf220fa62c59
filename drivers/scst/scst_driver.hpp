#pragma once
// SCST (out-of-tree modules scst, scst_vdisk, iscsi_scst; scstadmin and iscsi-scstd in the
// image). Each node gets its own /etc/scst.conf (render_scst_conf from scst_config_spec), and
// setup on a node (DRBD already Primary there: vdisk_blockio opens /dev/drbd0 when its group
// serves I/O) is the modules, then one scst-setup run: iscsi-scstd on san0/san1, the running
// configuration cleared, the file applied, the node's target group checked offline (the
// agent's "stopped"), the ready mark written. ALUA states are SCST's sysfs names, written by
// scst-set-state outside the cluster and by the agent ocf/harness-scst-alua inside it.
// docs/SCST.md.
#include <string>

#include "drivers/target_driver.hpp"

namespace harness {

inline constexpr const char* kScstSetupPath = "/usr/local/lib/harness/scst-setup";
inline constexpr const char* kScstSetStatePath = "/usr/local/lib/harness/scst-set-state";
inline constexpr const char* kScstAgentPath = "/usr/lib/ocf/resource.d/harness/scst-alua";
// Volatile (tmpfs), like LIO's: gone with SCST's configuration when the node reboots.
inline constexpr const char* kScstReadyPath = "/run/harness-scst-ready";

class ScstTargetDriver final : public TargetDriver {
 public:
  std::string name() const override { return "scst"; }
  std::vector<GuestFile> files(const DeployTopology& topo) const override;
  std::vector<GuestFile> node_files(const DeployTopology& topo,
                                    const std::string& node) const override;
  std::vector<PlannedCommand> setup_commands(const DeployTopology& topo,
                                             const std::string& node) const override;
  std::vector<PlannedCommand> teardown_commands(const DeployTopology& topo,
                                                const std::string& node) const override;
  std::vector<PlannedCommand> set_alua_state(const DeployTopology& topo, const std::string& node,
                                             AluaState state) const override;
  ClusterAgent cluster_agent(const DeployTopology& topo) const override;
  Argv alua_state_argv(const DeployTopology& topo, const std::string& node) const override;
  std::optional<AluaState> parse_alua_state(std::string_view out) const override;
  AluaState stopped_state() const override { return AluaState::offline; }
  std::string scsi_vendor() const override { return "SCST_BIO"; }  // vdisk_blockio's
  std::vector<std::pair<std::string, Argv>> log_commands(
      const DeployTopology& topo) const override;
};

}  // namespace harness
