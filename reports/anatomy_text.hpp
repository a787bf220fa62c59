#pragma once
// The failover anatomy as text, one line per step, read from the path-switch check's result
// (metrics.faults[i].anatomy, docs/ANATOMY.md): what `harness run` prints under the verdicts and
// JUnit's path_switch testcase carries.
#include <string>
#include <vector>

#include "harness/core/check_result.hpp"

namespace harness {

// For each fault with an anatomy: a heading line, then "  detection  +0.000 → +1.000 s
// 1.000 s ±0.004  cluster link_down host 1 link 0 (n2, journal)", the releasing step marked.
// Empty when the check carries no anatomy (results written before it).
std::vector<std::string> anatomy_lines(const CheckResult& path_switch);

}  // namespace harness
