#include "fakes/fail_plan.hpp"

#include <fmt/format.h>

#include "harness/core/errors.hpp"

namespace harness {

void FailPlan::call(std::string_view what, const Deadline* deadline) {
  std::size_t n = 0;
  std::function<void()> action;
  {
    std::lock_guard lock(mu_);
    log_.emplace_back(what);
    n = log_.size();
    if (auto it = actions_.find(n); it != actions_.end()) action = it->second;
  }
  if (action) action();
  if (n == fail_at_) {
    std::string error = fmt::format("planned failure of call #{}: {}", n, what);
    set_injected_error(error);
    throw LabError(error);
  }
  if (n == hang_at_) {
    std::string error = fmt::format("planned hang of call #{}: {}: deadline passed", n, what);
    set_injected_error(error);
    if (deadline) {
      // A hung command: nothing happens until the deadline (or a stop request) ends the wait.
      deadline->clock().sleep_until(deadline->at_ns(), deadline->stop());
      if (deadline->stop_requested()) throw Interrupted(std::string(what) + ": interrupted");
    }
    throw TimeoutError(error);
  }
  if (deadline) deadline->check(what);
}

void FailPlan::set_injected_error(const std::string& error) {
  std::lock_guard lock(mu_);
  injected_error_ = error;
}

}  // namespace harness
