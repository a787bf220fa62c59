#pragma once
// The iSCSI target on each target node, behind one interface so that LIO (targetcli + configfs,
// in the Debian kernel, the default) and SCST (scstadmin, as in the reference setup) can both be
// deployed. Everything here renders: files and argv lists that the deploy step runs in order on
// one node, and the reading of what a node answers; nothing talks to a node. LIO is
// drivers/lio/lio_driver.hpp, SCST drivers/scst/scst_driver.hpp (docs/SCST.md).
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "drivers/deploy_plan.hpp"
#include "drivers/target/options.hpp"

namespace harness {

// SPC-4 asymmetric access states, numbered as in REPORT TARGET PORT GROUPS (and as LIO's
// alua_access_state attribute takes them).
enum class AluaState : int {
  active_optimized = 0,
  active_nonoptimized = 1,
  standby = 2,
  unavailable = 3,
  offline = 14,
  transitioning = 15,
};

// The names docs/EVENTS.md uses: "active/optimized", "active/non-optimized", "standby", ...
std::string_view to_string(AluaState s);
AluaState alua_state_from_string(std::string_view s);  // LabError if unknown

// The OCF resource that switches a node's ALUA state inside the cluster: agent and, per target
// node, its instance parameters (the CIB renders them as node-specific rule sets).
struct ClusterAgent {
  std::string ocf_provider;  // resource.d/<provider>/<type>
  std::string ocf_type;
  std::map<std::string, std::map<std::string, std::string>> params_by_node;
};

class TargetDriver {
 public:
  virtual ~TargetDriver() = default;
  virtual std::string name() const = 0;  // "lio"
  // Helper scripts and the resource agent, installed on every target node before setup.
  virtual std::vector<GuestFile> files(const DeployTopology& topo) const = 0;
  // Files that differ per node (SCST's scst.conf), put on `node` with files().
  virtual std::vector<GuestFile> node_files(const DeployTopology& topo,
                                            const std::string& node) const = 0;
  // Exports the DRBD device on `node`: LU with the shared serial, the node's IQN, portals on
  // san0 and san1, the initiator's ACL, and the node's ALUA target port group, left in the
  // state the cluster agent's `stop` leaves it (so Pacemaker starts from "stopped").
  virtual std::vector<PlannedCommand> setup_commands(const DeployTopology& topo,
                                                     const std::string& node) const = 0;
  // Removes all of it; every command may fail on a node where nothing was set up.
  virtual std::vector<PlannedCommand> teardown_commands(const DeployTopology& topo,
                                                        const std::string& node) const = 0;
  // Sets `node`'s target port group to `state` directly (outside the cluster: manual runs,
  // tests of the initiator side).
  virtual std::vector<PlannedCommand> set_alua_state(const DeployTopology& topo,
                                                     const std::string& node,
                                                     AluaState state) const = 0;
  virtual ClusterAgent cluster_agent(const DeployTopology& topo) const = 0;

  // The access state of `node`'s own target port group, as health, settle, roles and the
  // take-out read it: the command run on `node`, and the reading of its output (nullopt when
  // the output names no state).
  virtual Argv alua_state_argv(const DeployTopology& topo, const std::string& node) const = 0;
  virtual std::optional<AluaState> parse_alua_state(std::string_view out) const = 0;
  // The state the cluster agent's stop leaves a group in.
  virtual AluaState stopped_state() const = 0;
  // The vendor identification the LU reports in INQUIRY, which the initiator's multipath.conf
  // device entry matches.
  virtual std::string scsi_vendor() const = 0;
  // Collected from each target node after a run: file name -> command.
  virtual std::vector<std::pair<std::string, Argv>> log_commands(
      const DeployTopology& topo) const = 0;
};

// target_driver "lio" -> the LIO driver, "scst" -> the SCST driver; anything else, or an option
// out of range (or one the driver does not have) -> ScenarioError naming the choices.
std::unique_ptr<TargetDriver> make_target_driver(const TargetOptions& options);

}  // namespace harness
