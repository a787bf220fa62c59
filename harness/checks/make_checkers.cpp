// The three checks of every scenario, configured by its expectations.
#include "harness/checks/checker.hpp"
#include "harness/checks/fencing.hpp"
#include "harness/checks/integrity.hpp"
#include "harness/checks/path_switch.hpp"

namespace harness {

std::vector<std::unique_ptr<Checker>> make_checkers(const Expect& expect) {
  std::vector<std::unique_ptr<Checker>> out;
  out.push_back(std::make_unique<PathSwitchChecker>(expect.path_switch_max_s));
  out.push_back(std::make_unique<IntegrityChecker>(expect.integrity, expect.io_errors_max));
  out.push_back(std::make_unique<FencingChecker>(expect.fenced, expect.survivors));
  return out;
}

}  // namespace harness
