#pragma once
// Command lists for DRBD's first bring-up on the target nodes, in the order docs/DEPLOY.md
// gives (each list runs on one node; the waits between them are the deploy step's job):
//   1. both: drbd_backing_size_argv, parse_sector_count, drbd_prepare_commands(sectors)
//            (device-mapper linear device over the data disk, module, metadata)
//   2. both: drbd_up_commands
//   3. wait until DrbdMinorState::fresh_pair() (connected, Secondary/Secondary,
//            Inconsistent/Inconsistent), read from /proc/drbd (parse_proc_drbd)
//   4. ONE node: drbd_skip_initial_sync_commands -> both UpToDate without a full sync
//   5. Pacemaker promotes (drbd_primary_commands only for runs without the cluster)
#include <cstdint>
#include <string>
#include <vector>

#include "drivers/deploy_plan.hpp"

namespace harness {

// `blockdev --getsz <data disk>`: size in 512-byte sectors.
Argv drbd_backing_size_argv(const DeployTopology& topo);
// The number blockdev printed; LabError if it is not a positive integer.
std::uint64_t parse_sector_count(const std::string& blockdev_out);
// "0 <sectors> linear <data disk> 0": the table the disk_error fault saves and restores.
std::string backing_linear_table(const DeployTopology& topo, std::uint64_t sectors);

std::vector<PlannedCommand> drbd_prepare_commands(const DeployTopology& topo,
                                                  std::uint64_t sectors);
std::vector<PlannedCommand> drbd_up_commands(const DeployTopology& topo);

std::vector<PlannedCommand> drbd_skip_initial_sync_commands(const DeployTopology& topo);
std::vector<PlannedCommand> drbd_primary_commands(const DeployTopology& topo);

// Online verify of the first `bytes` of the device (0: all of it).
Argv drbd_verify_argv(const DeployTopology& topo, std::uint64_t bytes);
// The constraint crm-fence-peer.sh leaves on the survivor ("the peer may not be promoted") and
// its removal, which crm-unfence-peer.sh would do on the returning node if its cluster were up.
std::string drbd_fence_constraint_id(const DeployTopology& topo);
std::vector<PlannedCommand> drbd_unfence_commands(const DeployTopology& topo);
// down + remove the device-mapper device; each may fail on a fresh node.
std::vector<PlannedCommand> drbd_teardown_commands(const DeployTopology& topo);

}  // namespace harness
