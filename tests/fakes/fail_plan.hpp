#pragma once
// One call counter shared by every fake in a test (Boost.Beast's fail_count idea): each fake
// call counts itself here first. A clean run tells how many calls there are; then a test can
// make the Nth call fail (LabError), hang (sleep past its deadline on the clock, then
// TimeoutError), or run an action first (a stop request), for every N in turn. Calls may come
// from several threads (the runner verifies the initiator and the targets side by side): the
// count and the log are guarded; read them once the run is over.
#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "harness/core/deadline.hpp"

namespace harness {

class FailPlan {
 public:
  void fail_at(std::size_t n) { fail_at_ = n; }
  void hang_at(std::size_t n) { hang_at_ = n; }
  // Runs `action` at the start of the Nth call, before the call checks its deadline.
  void at_call(std::size_t n, std::function<void()> action) { actions_[n] = std::move(action); }

  // Counts a call named `what` ("lab.power_off n1"). Then, in this order: runs a planned
  // action; throws LabError if it is the failing call; sleeps until the deadline and throws
  // TimeoutError if it is the hanging one; otherwise checks the deadline (Interrupted on a stop
  // request, TimeoutError if already past). `deadline` may be null for calls without one.
  void call(std::string_view what, const Deadline* deadline);
  void call(std::string_view what, const Deadline& deadline) { call(what, &deadline); }

  std::size_t count() const {
    std::lock_guard lock(mu_);
    return log_.size();
  }
  const std::vector<std::string>& log() const { return log_; }
  // The name of call n (1-based), "" if there was none.
  std::string name_of(std::size_t n) const {
    std::lock_guard lock(mu_);
    return n >= 1 && n <= log_.size() ? log_[n - 1] : "";
  }
  // The text of the error the failing/hanging call threw ("" if none was planned or reached).
  const std::string& injected_error() const { return injected_error_; }

 private:
  void set_injected_error(const std::string& error);

  mutable std::mutex mu_;
  std::size_t fail_at_ = 0;
  std::size_t hang_at_ = 0;
  std::map<std::size_t, std::function<void()>> actions_;
  std::vector<std::string> log_;
  std::string injected_error_;
};

}  // namespace harness
