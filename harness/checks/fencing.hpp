#pragma once
// Fencing: from the cluster's fencing history and the hypervisor's lifecycle events, each node
// in expect.fenced was fenced exactly once by its peer before I/O resumed, and nobody else was.
#include <string>
#include <utility>
#include <vector>

#include "harness/checks/checker.hpp"

namespace harness {

class FencingChecker final : public Checker {
 public:
  FencingChecker(std::vector<std::string> fenced, std::vector<std::string> survivors)
      : fenced_(std::move(fenced)), survivors_(std::move(survivors)) {}
  std::string name() const override { return "fencing"; }
  CheckResult check(const History& history) const override;

 private:
  std::vector<std::string> fenced_;     // roles or node names, as in the scenario
  std::vector<std::string> survivors_;
};

}  // namespace harness
