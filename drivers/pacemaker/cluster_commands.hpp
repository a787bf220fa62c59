#pragma once
// Files and command lists that bring up corosync + Pacemaker on the target nodes and load the
// configuration. Order (docs/DEPLOY.md): files on both -> start on both -> wait until both are
// online in `crm_mon --output-as=xml` -> cibadmin --replace on ONE node. Corosync and Pacemaker
// are not enabled at boot in the image: a fenced node must not rejoin on its own.
#include <string>
#include <vector>

#include "drivers/deploy_plan.hpp"
#include "drivers/target_driver.hpp"
#include "harness/scenario/scenario.hpp"

namespace harness {

// corosync.conf and the DRBD resource file: the same on every target node.
std::vector<GuestFile> cluster_files(const DeployTopology& topo, const Tunables& tun);
// The CIB configuration file, for the one node that loads it.
GuestFile cib_file(const DeployTopology& topo, const Tunables& tun, const ClusterAgent& alua);

// Pacemaker's live CIB file on a node.
inline constexpr const char* kLiveCibPath = "/var/lib/pacemaker/cib/cib.xml";
// Prints an empty CIB of the installed Pacemaker's schema; the deploy writes it to kLiveCibPath.
Argv empty_cib_argv();
// With the empty CIB at kLiveCibPath on a node that never ran Pacemaker: hand it to hacluster
// and set the cluster properties that must hold from the first start (dc-deadtime).
std::vector<PlannedCommand> cib_seed_commands(const Tunables& tun);
// Reads dc-deadtime back from the seeded file ("5s"): the write can be skipped without an error.
Argv cib_seed_query_argv();
std::vector<PlannedCommand> cluster_start_commands();
// Every node's state in the CIB (parse_node_states): cheaper than crm_mon on a TCG guest.
Argv cluster_status_argv();
std::vector<PlannedCommand> cib_load_commands();
std::vector<PlannedCommand> cluster_stop_commands();

// Maintenance of one node (docs/UPGRADE.md): a location ban keeps `resource` (a clone) off
// `node`, so Pacemaker stops its instance there and promotes elsewhere; clear lifts the ban.
// Not `crm_standby`: standby stops every resource at once, and DRBD's demote would then fail
// under the target's open handle (the LU is not a cluster resource), which gets a node fenced.
Argv ban_argv(const std::string& resource, const std::string& node);
Argv clear_ban_argv(const std::string& resource, const std::string& node);

}  // namespace harness
