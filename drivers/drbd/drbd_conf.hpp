#pragma once
// /etc/drbd.d/r0.res for the DRBD 8.4 kernel module of Debian 12 (drbd-utils 9.22 runs its
// drbdadm-84 for it, so this is 8.4 syntax: `protocol` and `verify-alg` in net{}, `fencing` in
// disk{}). Dual primary with Pacemaker-driven resource fencing; the backing disk is the
// device-mapper device the disk_error fault swaps.
#include <string>

#include "drivers/deploy_plan.hpp"
#include "drivers/drbd/options.hpp"

namespace harness {

// The 8.4 handlers. drbd-utils 9.22 also ships crm-fence-peer.9.sh, which needs DRBD 9.
inline constexpr const char* kDrbdFencePeerHandler = "/usr/lib/drbd/crm-fence-peer.sh";
inline constexpr const char* kDrbdUnfencePeerHandler = "/usr/lib/drbd/crm-unfence-peer.sh";

std::string drbd_resource_path(const DeployTopology& topo);  // "/etc/drbd.d/r0.res"

// ScenarioError when drbd.* tunables are out of DRBD 8.4's ranges (protocol A|B|C,
// ping-int 1..120 s whole, ping-timeout 1..300 ds, timeout 1..600 ds, ko-count 0..200).
// `stonith_enabled` (pacemaker.stonith_enabled) picks the fencing policy.
std::string render_drbd_resource(const DeployTopology& topo, const DrbdOptions& tun,
                                 bool stonith_enabled);
// Applies a changed resource file to the running resource (8.4: net options change on a
// connected resource without a disconnect).
Argv drbd_adjust_argv(const DeployTopology& topo);

}  // namespace harness
