#pragma once
// Integrity: I/O errors the workload saw (against expect.io_errors_max), fio's verify errors, the
// read-back after the heal, and the DRBD online verify of the two peers after resync.
#include <cstdint>
#include <string>
#include <utility>

#include "harness/checks/checker.hpp"

namespace harness {

class IntegrityChecker final : public Checker {
 public:
  IntegrityChecker(std::string mode, std::int64_t io_errors_max)
      : mode_(std::move(mode)), io_errors_max_(io_errors_max) {}
  std::string name() const override { return "integrity"; }
  CheckResult check(const History& history) const override;

 private:
  std::string mode_;  // "intact" | "any"
  std::int64_t io_errors_max_;
};

}  // namespace harness
