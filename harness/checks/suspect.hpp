#pragma once
// Runs the host starved: whether the guests got the CPU they wanted while the faults and the load
// ran, from the observation/host_sched records (drivers/observers/events.hpp). Not a check: the
// verdict stands, but a run whose guests waited for the host's CPU this long proves little about
// the storage stack's timing, so it is marked suspect in every output (docs/CHECKS.md, "Suspect
// runs"). History in, a reason out.
#include <optional>
#include <string>
#include <vector>

#include "harness/core/history.hpp"

namespace harness {

// The limit, in two forms of one figure (half of 2 s): a guest is starved when, in some window
// of kStarvationWindowS of its records, its vCPU threads spent more than kStarvationLimit of
// their time runnable but not running; or when one vCPU thread waited more than
// kStarvationStallS at once. Either is a third of corosync's 3 s token lost to the host alone.
inline constexpr double kStarvationWindowS = 2.0;
inline constexpr double kStarvationLimit = 0.5;
inline constexpr double kStarvationStallS = 1.0;

// One guest's figures over the records of the run.
struct GuestStarvation {
  std::string node;
  int vcpus = 0;               // the most in one record
  double sampled_s = 0;        // the time its records cover
  double mean_wait = 0;        // vCPU run-queue wait / (sampled time x vCPUs)
  double worst_wait = 0;       // the same over its worst window (at most 1)
  double worst_window_s = 0;   // that window's length (>= kStarvationWindowS unless sampled less)
  double worst_at_s = 0;       // that window's end, seconds after the workload began
  double longest_wait_s = 0;   // the longest single vCPU wait proven (a lower bound: events.hpp)
  double longest_at_s = 0;     // when it ended, seconds after the workload began
  bool starved() const {
    return worst_wait > kStarvationLimit || longest_wait_s > kStarvationStallS;
  }
};

// Every guest with records, by node name; empty when the host was not sampled (a remote lab).
std::vector<GuestStarvation> host_starvation(const History& history);

// "host starvation: n1's vCPU waited for a CPU 75% of 2.0 s at +41.3 s, longest wait 1.50 s at
// +41.0 s, mean 12% over 180 s (limits: 50% of any 2 s, 1 s at once)": the starved guests,
// worst first (times from the workload's start); nullopt when none was (or nothing was sampled).
std::optional<std::string> suspect_reason(const std::vector<GuestStarvation>& guests);
std::optional<std::string> suspect_reason(const History& history);

}  // namespace harness
