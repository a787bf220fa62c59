#include "harness/runner/outcome.hpp"

#include <fmt/format.h>

namespace harness {

Outcome decide_outcome(const std::vector<Failure>& failures, const std::vector<CheckResult>& checks) {
  Outcome out;
  if (!failures.empty()) {
    out.exit_code = static_cast<int>(failures.front().code);
    out.error = failures.front().message;
    std::vector<std::string> later;
    for (std::size_t i = 1; i < failures.size(); ++i)
      if (failures[i].message != out.error) later.push_back(failures[i].message);
    if (!later.empty()) out.error += fmt::format(" (also: {})", fmt::join(later, "; "));
    return out;
  }
  for (const auto& c : checks)
    if (c.verdict != Verdict::pass) out.exit_code = static_cast<int>(ExitCode::check_failed);
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
