#pragma once
// /etc/corosync/corosync.conf for the two target nodes: corosync 3 with the knet transport and
// two links per node (ring0, ring1 networks), two_node quorum with wait_for_all, token timeout
// from the scenario. One setting per line: corosync's parser rejects "logging { to_syslog: yes }".
#include <string>

#include "drivers/deploy_plan.hpp"
#include "drivers/corosync/options.hpp"

namespace harness {

inline constexpr const char* kCorosyncConfPath = "/etc/corosync/corosync.conf";

// ScenarioError if corosync.token_ms is outside [500, 60000].
std::string render_corosync_conf(const DeployTopology& topo, const CorosyncOptions& tun);

}  // namespace harness
