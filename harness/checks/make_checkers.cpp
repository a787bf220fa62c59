// The three checks of every scenario, and the reservations check when it expects one.
#include "harness/checks/checker.hpp"
#include "harness/checks/fencing.hpp"
#include "harness/checks/integrity.hpp"
#include "harness/checks/path_switch.hpp"
#include "harness/checks/reservations.hpp"

namespace harness {

std::vector<std::unique_ptr<Checker>> make_checkers(const Expect& expect) {
  std::vector<std::unique_ptr<Checker>> out;
  out.push_back(std::make_unique<PathSwitchChecker>(expect.path_switch_max_s));
  out.push_back(std::make_unique<IntegrityChecker>(expect.integrity, expect.io_errors_max));
  out.push_back(std::make_unique<FencingChecker>(expect.fenced, expect.survivors));
  if (!expect.reservations.empty())
    out.push_back(std::make_unique<ReservationsChecker>(expect.reservations));
  return out;
}

std::vector<CheckResult> run_checks(const Expect& expect, const History& history) {
  std::vector<CheckResult> results;
  std::vector<std::unique_ptr<Checker>> checkers;
  try {
    checkers = make_checkers(expect);
  } catch (const std::exception& e) {
    CheckResult r;
    r.name = "checks";
    r.summary = std::string("could not set up the checks: ") + e.what();
    results.push_back(std::move(r));
    return results;
  }
  for (const auto& checker : checkers) {
    try {
      results.push_back(checker->check(history));
    } catch (const std::exception& e) {
      CheckResult r;
      r.name = checker->name();
      r.summary = std::string("checker error: ") + e.what();
      results.push_back(std::move(r));
    }
  }
  return results;
}

}  // namespace harness
