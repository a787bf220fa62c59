#pragma once
// What the I/O plot marks about each fault's stall, read from the path-switch check's result
// (docs/REPORTS.md): where the stall ran and its length, the limit it was judged against, and the
// layer event that released it. The History places them: each fault's times are seconds after
// its inject event, found in the timeline's fault windows by step.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/core/check_result.hpp"
#include "reports/timeline_model.hpp"

namespace harness {

struct StallMark {
  std::string step;              // the scenario step of the fault
  std::string fault;             // "link_cut of n1 (step cut)"
  std::int64_t start_ns = 0;     // last completion before the gap (the History's clock)
  std::int64_t end_ns = 0;       // first completion after it, or the end of I/O
  double stall_s = 0;            // the check's longest_stall_s, as it judged it
  bool resumed = true;
  double limit_s = 0;            // path_switch_max_s
  std::int64_t limit_ns = 0;     // start_ns + limit: where the stall becomes a failure
  bool over_limit = false;
  std::optional<std::int64_t> released_ns;  // the releasing layer event, when one is named
  std::string released_step;     // initiator_switch, fault_removed, ...
  std::string released_by;       // the event, as the anatomy names it
};

// One mark per fault of the path-switch check whose inject event is in `faults`; none when the
// check is absent or carries no per-fault figures (an undecided check).
std::vector<StallMark> stall_marks(const std::vector<CheckResult>& checks,
                                   const std::vector<FaultWindow>& faults);

}  // namespace harness
