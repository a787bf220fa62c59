#pragma once
// Path switch: how long initiator I/O stalled around each fault, what ended the stall, and where
// I/O and ALUA stood afterwards. Verdict on the worst stall against expect.path_switch_max_s.
#include <string>

#include "harness/checks/checker.hpp"

namespace harness {

class PathSwitchChecker final : public Checker {
 public:
  explicit PathSwitchChecker(double max_s) : max_s_(max_s) {}
  std::string name() const override { return "path_switch"; }
  CheckResult check(const History& history) const override;

 private:
  double max_s_;
};

}  // namespace harness
