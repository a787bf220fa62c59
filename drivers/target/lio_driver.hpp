#pragma once
// LIO (the in-kernel target, configured with targetcli-fb 2.1.53 and configfs on kernel 6.1).
// Setup order on a node (DRBD must already be Primary there: LIO's iblock backstore opens
// /dev/drbd0 read-write, which DRBD refuses on a Secondary, and a Secondary cannot be demoted
// while LIO holds it):
//   clearconfig -> block backstore on the DRBD device with the shared unit serial -> IQN ->
//   replace the default 0.0.0.0 portal by san0 and san1 -> LUN 0 -> (on the k-th node, unlink
//   and relink the LUN k-1 times: kernel 6.1 has no configfs knob for the relative target port
//   id, which counts LUN exports per device, so node k gets id k) -> ACL for the initiator ->
//   no authentication -> ALUA group (configfs mkdir, id = nodeid, supported states, explicit
//   and implicit, no non-optimized delay) -> LUN joins the group -> "stopped" state
//   (unavailable, implicit only), from which the cluster's agent starts it.
// Attribute writes go through the configfs-set helper (path and value as two arguments).
#include <string>

#include "drivers/target/target_driver.hpp"

namespace harness {

inline constexpr const char* kConfigfsSetPath = "/usr/local/lib/harness/configfs-set";
inline constexpr const char* kAluaAgentPath = "/usr/lib/ocf/resource.d/harness/alua";

// configfs locations (for observers and tests).
std::string lio_backstore_dir(const DeployTopology& topo);  // .../target/core/iblock_0/drbd0
std::string lio_alua_group_dir(const DeployTopology& topo, const std::string& node);
std::string lio_lun_dir(const DeployTopology& topo, const std::string& node);

class LioTargetDriver final : public TargetDriver {
 public:
  std::string name() const override { return "lio"; }
  std::vector<GuestFile> files(const DeployTopology& topo) const override;
  std::vector<PlannedCommand> setup_commands(const DeployTopology& topo,
                                             const std::string& node) const override;
  std::vector<PlannedCommand> teardown_commands(const DeployTopology& topo,
                                                const std::string& node) const override;
  std::vector<PlannedCommand> set_alua_state(const DeployTopology& topo, const std::string& node,
                                             AluaState state) const override;
  ClusterAgent cluster_agent(const DeployTopology& topo) const override;
};

}  // namespace harness
