#pragma once
// The faults phase as one ordered list: the scenario's steps plus the automatic heal of every
// fault that has a duration_s (at at_s + duration_s), merged in time order.
#include <string>
#include <vector>

#include "harness/scenario/scenario.hpp"

namespace harness {

struct TimelineEntry {
  enum class Kind { fault, heal_step, auto_heal };
  Kind kind = Kind::fault;
  double at_s = 0;            // seconds after the workload started
  const Step* step = nullptr; // the fault or heal step; for auto_heal the fault step it heals
  std::string fault_step_id;  // the fault step a heal acts on (its own id for a fault)
};

// Steps sorted by at_s (file order for ties). A duration heal sorts before a step at the same
// instant (a fault that lasts 10 s is over before the step at +10 s), but never before its own
// fault. Pointers refer into `steps`, which must outlive the result.
std::vector<TimelineEntry> build_timeline(const std::vector<Step>& steps);

// The instant of the last entry (0 if none).
double timeline_end_s(const std::vector<TimelineEntry>& timeline);

// "step cut", "heal of step cut (duration)"... for progress lines.
std::string describe(const TimelineEntry& entry);

}  // namespace harness
