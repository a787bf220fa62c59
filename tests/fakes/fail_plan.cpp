#include "fakes/fail_plan.hpp"

#include <fmt/format.h>

#include "harness/errors.hpp"

namespace harness {

void FailPlan::call(std::string_view what, const Deadline* deadline) {
  log_.emplace_back(what);
  std::size_t n = log_.size();
  if (auto it = actions_.find(n); it != actions_.end()) it->second();
  if (n == fail_at_) {
    injected_error_ = fmt::format("planned failure of call #{}: {}", n, what);
    throw LabError(injected_error_);
  }
  if (n == hang_at_) {
    injected_error_ = fmt::format("planned hang of call #{}: {}: deadline passed", n, what);
    if (deadline) {
      // A hung command: nothing happens until the deadline (or a stop request) ends the wait.
      deadline->clock().sleep_until(deadline->at_ns(), deadline->stop());
      if (deadline->stop_requested()) throw Interrupted(std::string(what) + ": interrupted");
    }
    throw TimeoutError(injected_error_);
  }
  if (deadline) deadline->check(what);
}

}  // namespace harness
