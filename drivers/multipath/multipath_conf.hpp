#pragma once
// /etc/multipath.conf for multipath-tools 0.9.4 on the initiator: the four iSCSI paths of the
// LU form one map (the same identifier through both targets), grouped by ALUA priority so that
// I/O goes to the active/optimized node's two paths and moves to the other group when they
// fail. The device entry matches the target's INQUIRY vendor (TargetDriver::scsi_vendor:
// "LIO-ORG", SCST vdisk_blockio's "SCST_BIO"); a vendor without one would get multipathd's
// built-in defaults (failover grouping, no queueing).
#include <string>
#include <vector>

#include "drivers/deploy_plan.hpp"
#include "drivers/multipath/options.hpp"

namespace harness {

inline constexpr const char* kMultipathConfPath = "/etc/multipath.conf";

// ScenarioError when multipath.no_path_retry is not queue, fail or a positive number, or
// multipath.polling_interval_s is outside 1..60; LabError for a vendor that is not 1 to 8
// letters, digits, '_' or '-'.
std::string render_multipath_conf(const MultipathOptions& tun, const std::string& vendor);
std::vector<GuestFile> multipath_files(const MultipathOptions& tun, const std::string& vendor);

// Restart multipathd so it reads the file (before the logins, so new paths land in the map).
std::vector<PlannedCommand> multipath_start_commands();
// A running multipathd rereads /etc/multipath.conf (the maps stay, their settings change).
std::vector<PlannedCommand> multipath_reconfigure_commands();

}  // namespace harness
