#pragma once
// Checkers read the History only (never a node) and return a verdict with numbers and the
// events that justify it.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "harness/core/check_result.hpp"
#include "harness/core/history.hpp"
#include "harness/scenario/scenario.hpp"

namespace harness {

class Checker {
 public:
  virtual ~Checker() = default;
  virtual std::string name() const = 0;
  virtual CheckResult check(const History& history) const = 0;
};

// The three checks, configured by the scenario's expectations.
std::vector<std::unique_ptr<Checker>> make_checkers(const Expect& expect);

// Runs every checker of `expect` on `history`. A checker that throws yields an `unknown`
// result naming the exception, so one broken checker does not hide the others.
std::vector<CheckResult> run_checks(const Expect& expect, const History& history);

}  // namespace harness
