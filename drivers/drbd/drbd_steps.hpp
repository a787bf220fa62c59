#pragma once
// DRBD's part of a deployment, run on one target node's Remote: bring the resource up, skip
// the initial sync of two fresh disks, promote, read its state, and notice a peer that was
// given up on. The orchestration (drivers/sut/alua_cluster.cpp) decides when; this says how.
#include <cstdint>
#include <map>
#include <string>

#include "drivers/deploy_plan.hpp"
#include "drivers/drbd/drbd_state.hpp"
#include "drivers/remote.hpp"
#include "harness/core/deadline.hpp"

namespace harness {

// Under TCG a status command takes 0.3–1 s; polling faster only loads the guests.
inline constexpr double kDrbdPollS = 1.0;

DrbdStatus drbd_status(Remote& node, const Deadline& deadline);
// "Connected Primary/Primary UpToDate/UpToDate" for the deployment's minor.
std::string drbd_state(Remote& node, const DeployTopology& topo, const Deadline& deadline);

// Metadata (fresh only: a returning node keeps its metadata and bitmap), device and module up.
void drbd_prepare(Remote& node, const DeployTopology& topo, bool fresh, const Deadline& deadline);
// Two fresh, identical (zeroed) disks: wait for the connection, then declare them in sync
// rather than copy the whole device, and wait for UpToDate on both sides.
void drbd_skip_initial_sync(Remote& first, const DeployTopology& topo, const Deadline& deadline);
// drbdadm primary, retried: the peer refuses (SS_CW_FAILED_BY_PEER) while its own state
// change is in flight, e.g. right after new-current-uuid or the peer's promotion.
void drbd_promote(Remote& node, const std::string& name, const DeployTopology& topo,
                  const Deadline& deadline);

// DRBD that stays StandAlone gave up on its peer: after a split brain with both sides written
// (after-sb-2pri disconnect) it never reconnects by itself. A short StandAlone (between
// `drbdadm up` and the connect) is not one.
inline constexpr double kStandAloneS = 15;
class StandAloneWatch {
 public:
  // True once `node` has been StandAlone for kStandAloneS without a break.
  bool gave_up(const std::string& node, const std::string& state, std::int64_t now_ns);
  void reset() { since_.clear(); }

 private:
  std::map<std::string, std::int64_t> since_;
};

}  // namespace harness
