#pragma once
// LIO (the in-kernel target, kernel 6.1, rtslib-fb / targetcli-fb 2.1.53). Setup on a node
// (DRBD must already be Primary there: LIO's iblock backstore opens /dev/drbd0 read-write, which
// DRBD refuses on a Secondary, and a Secondary cannot be demoted while LIO holds it) is one
// lio-setup run, whose header lists the steps: backstore with the shared unit serial, target,
// LUN 0 with relative target port id = nodeid (kernel 6.1 has no knob for it: the helper
// relinks the LUN and checks), ACL, ALUA group left "stopped" (unavailable, implicit only) for
// the cluster's agent to start, portals last.
// ALUA state writes go through the configfs-set helper (path and value as two arguments).
#include <string>

#include "drivers/target_driver.hpp"

namespace harness {

inline constexpr const char* kConfigfsSetPath = "/usr/local/lib/harness/configfs-set";
inline constexpr const char* kLioSetupPath = "/usr/local/lib/harness/lio-setup";
inline constexpr const char* kAluaAgentPath = "/usr/lib/ocf/resource.d/harness/alua";

// configfs locations (for observers and tests).
std::string lio_backstore_dir(const DeployTopology& topo);  // .../target/core/iblock_0/drbd0
std::string lio_alua_group_dir(const DeployTopology& topo, const std::string& node);

class LioTargetDriver final : public TargetDriver {
 public:
  // transition_delay_ms: trans_delay_msecs of the node's port group (TargetOptions).
  explicit LioTargetDriver(int transition_delay_ms = 0) : transition_delay_ms_(transition_delay_ms) {}
  std::string name() const override { return "lio"; }
  std::vector<GuestFile> files(const DeployTopology& topo) const override;
  std::vector<GuestFile> node_files(const DeployTopology&, const std::string&) const override {
    return {};  // the same files on both nodes; lio-setup takes the rest as arguments
  }
  std::vector<PlannedCommand> setup_commands(const DeployTopology& topo,
                                             const std::string& node) const override;
  std::vector<PlannedCommand> teardown_commands(const DeployTopology& topo,
                                                const std::string& node) const override;
  std::vector<PlannedCommand> set_alua_state(const DeployTopology& topo, const std::string& node,
                                             AluaState state) const override;
  ClusterAgent cluster_agent(const DeployTopology& topo) const override;
  // cat <group>/alua_access_state: the SPC number.
  Argv alua_state_argv(const DeployTopology& topo, const std::string& node) const override;
  std::optional<AluaState> parse_alua_state(std::string_view out) const override;
  AluaState stopped_state() const override { return AluaState::unavailable; }
  std::string scsi_vendor() const override { return "LIO-ORG"; }
  std::vector<std::pair<std::string, Argv>> log_commands(
      const DeployTopology& topo) const override;

 private:
  int transition_delay_ms_;
};

}  // namespace harness
