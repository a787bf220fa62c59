#pragma once
// The few numbers of each check that a reader of report.html's header needs first: the longest
// stall against its limit and the time to the first I/O, the layer that released it, who was
// fenced and when, the integrity counts. Not the first metrics in alphabetical order.
#include <string>
#include <vector>

#include "harness/core/check_result.hpp"

namespace harness {

// "longest stall 4.210 s (limit 10 s)", "first I/O 4.200 s after the fault", ...; for a check
// this file does not know, its first four top-level figures.
std::vector<std::string> key_figures(const CheckResult& c);

// The checks in the order a reader needs them: failed first, then undecided, then passed (the
// report's order kept within each).
std::vector<const CheckResult*> checks_by_urgency(const std::vector<CheckResult>& checks);

}  // namespace harness
