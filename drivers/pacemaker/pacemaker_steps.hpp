#pragma once
// Pacemaker's part of a deployment, run on a target node's Remote: seed the CIB before the
// first start, start corosync and Pacemaker, ask who is online, and whether the daemons run.
// The orchestration (drivers/sut/alua_cluster.cpp) decides when; this says how.
#include <string>
#include <vector>

#include "drivers/remote.hpp"
#include "harness/core/deadline.hpp"
#include "harness/scenario/scenario.hpp"

namespace harness {

// An empty CIB of the installed schema with the cluster properties a first start needs
// (dc-deadtime), read back: a seed that did not take is a LabError naming the node.
void seed_cib(Remote& node, const std::string& name, const Tunables& tunables,
              const Deadline& deadline);
// corosync and Pacemaker started (not enabled at boot: a fenced node must not rejoin alone).
void start_cluster(Remote& node, const Deadline& deadline);
// "" once every one of `members` is online as `observer` sees it, else what is missing.
std::string members_offline(Remote& observer, const std::string& observer_name,
                            const std::vector<std::string>& members, const Deadline& deadline);
// corosync and Pacemaker both active; false also when the node does not answer.
bool cluster_running(Remote& node, const Deadline& deadline);

}  // namespace harness
