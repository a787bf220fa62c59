#pragma once
// Reads the deployed system's state from its nodes: what settle waits for, the roles a step
// resolves, DRBD's out-of-sync count after verify, and the logs collected after a run.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "drivers/deploy_plan.hpp"
#include "drivers/lab.hpp"
#include "drivers/sut/health.hpp"
#include "drivers/system_under_test.hpp"
#include "drivers/target_driver.hpp"

namespace harness {

// The SPC-4 number of `node`'s own target port group's access state, read on the node as the
// target driver says (LIO's configfs, SCST's sysfs); -1 if unreadable.
int alua_state_of(Lab& lab, const TargetDriver& target, const DeployTopology& topo,
                  const std::string& node, const Deadline& deadline);

// Asks every node (crm_mon on the first target that answers, links and DRBD on each target,
// multipath, iSCSI sessions and sg_rtpg per path on the initiator) and resolves the picture.
// A node or tool that does not answer goes into `unreadable`, never an exception.
HealthPicture collect_health(Lab& lab, const DeployTopology& topo, const Deadline& deadline);

// "" when healthy; else "; "-separated problems (docs/DEPLOY.md, "Settle").
std::string health_problems(Lab& lab, const DeployTopology& topo, const Deadline& deadline);
// The same for the pre-scenario audit (audit_problems).
std::string audit_health_problems(Lab& lab, const DeployTopology& topo, const Deadline& deadline);

// "" when one target's group is active/optimized and the other's active/non-optimized (read
// on the targets, alua_state_of), else what is there.
std::string alua_started_problem(Lab& lab, const TargetDriver& target, const DeployTopology& topo,
                                 const Deadline& deadline);

// The node whose target port group is active/optimized, observed now; LabError if none is.
Roles observe_roles(Lab& lab, const TargetDriver& target, const DeployTopology& topo,
                    const Deadline& deadline);

// The oos: counter (KiB) of `minor` in /proc/drbd; LabError if absent.
std::uint64_t drbd_out_of_sync_kib(const std::string& proc_drbd, int minor);

// file name -> command, for collect_logs; a target node's include the target driver's.
std::vector<std::pair<std::string, Argv>> log_commands(bool initiator, const TargetDriver& target,
                                                       const DeployTopology& topo);

}  // namespace harness
