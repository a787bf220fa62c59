#pragma once
// The deployed storage system: target cluster + initiator. Deploys itself onto a Lab's nodes,
// says when it is healthy, which node is ALUA-active, and proves integrity after the heal.
#include <filesystem>
#include <string>

#include "harness/core/errors.hpp"
#include "harness/core/history.hpp"
#include "harness/core/deadline.hpp"
#include "harness/scenario/scenario.hpp"

namespace harness {

struct Roles {
  std::string active;   // node whose target port group is active/optimized
  std::string standby;  // the other target node
};

class SystemUnderTest {
 public:
  virtual ~SystemUnderTest() = default;
  virtual void deploy(const Deadline& deadline) = 0;
  // Waits until healthy (cluster, DRBD, ALUA, paths); TimeoutError names what is missing.
  virtual void settle(const Deadline& deadline) = 0;
  // The pre-scenario audit of a reverted lab: healthy as settle() asks, and nothing in its past
  // that would colour the scenario (a fencing history). TimeoutError names what is wrong.
  virtual void audit(const Deadline& deadline) { settle(deadline); }
  // After a revert: the run's tunables become the system's, their live rows (the only ones in
  // which runs of one deployment differ) applied to the running system, so that scenarios
  // differing only in those share one deployed lab.
  virtual void apply_live_tunables(const Tunables&, const Deadline&) {}
  // Observed now (never assumed): throws LabError if no group is active/optimized.
  virtual Roles roles(const Deadline& deadline) = 0;
  // Maintenance of one target node, as an operator takes it out before an upgrade: its roles
  // moved to the peer by the cluster, then its target, DRBD and cluster stopped cleanly, so
  // that the peer neither fences it nor freezes I/O. The node stays powered. LabError when
  // this system cannot (the default).
  virtual void take_out(const std::string& node, const Deadline&) {
    throw LabError("this system under test cannot take " + node + " out for maintenance");
  }
  // Back from maintenance (the node answering, perhaps on another operating system): DRBD
  // resynced, the target set up, the node online in the cluster and serving I/O again.
  virtual void bring_back(const std::string& node, const Deadline&) {
    throw LabError("this system under test cannot bring " + node + " back from maintenance");
  }
  // After the heal: waits for resync, runs the peers' online comparison, records verify events.
  virtual void verify(History& history, const Deadline& deadline) = 0;
  // Node logs (journal, pacemaker, dmesg, multipathd) into dir; best effort, never throws.
  virtual void collect_logs(const std::filesystem::path& dir, const Deadline& deadline) = 0;
};

}  // namespace harness
