#pragma once
// A Deadline travels with every driver call: the clock it is measured on, the instant it expires
// and the stop token of the run. A call that cannot finish by then throws TimeoutError naming
// what it was doing; a stop request makes long waits return early.
#include <cstdint>
#include <stop_token>
#include <string>
#include <string_view>

#include "harness/core/errors.hpp"
#include "harness/core/clock.hpp"

namespace harness {

class Deadline {
 public:
  Deadline(Clock& clock, std::int64_t at_ns, std::stop_token stop = {})
      : clock_(&clock), at_ns_(at_ns), stop_(std::move(stop)) {}
  static Deadline after(Clock& clock, double seconds, std::stop_token stop = {}) {
    return Deadline(clock, clock.now_ns() + seconds_to_ns(seconds), std::move(stop));
  }
  // The earlier of this deadline and `seconds` from now (a call's own limit inside a phase).
  Deadline capped(double seconds) const {
    std::int64_t t = clock_->now_ns() + seconds_to_ns(seconds);
    return Deadline(*clock_, t < at_ns_ ? t : at_ns_, stop_);
  }
  // The same deadline with another stop token (heals ignore the first SIGINT, not the second).
  Deadline with_stop(std::stop_token stop) const { return Deadline(*clock_, at_ns_, std::move(stop)); }

  Clock& clock() const { return *clock_; }
  std::int64_t at_ns() const { return at_ns_; }
  const std::stop_token& stop() const { return stop_; }
  std::int64_t remaining_ns() const {
    std::int64_t r = at_ns_ - clock_->now_ns();
    return r > 0 ? r : 0;
  }
  double remaining_s() const { return ns_to_seconds(remaining_ns()); }
  bool expired() const { return clock_->now_ns() >= at_ns_; }
  bool stop_requested() const { return stop_.stop_requested(); }

  // Throws TimeoutError("<what>: deadline passed") or Interrupted if the run was stopped.
  void check(std::string_view what) const {
    if (stop_.stop_requested()) throw Interrupted(std::string(what) + ": interrupted");
    if (expired()) throw TimeoutError(std::string(what) + ": deadline passed");
  }
  // Sleeps until `t_ns` or the deadline, whichever is first; false if stopped or expired first.
  bool sleep_until(std::int64_t t_ns) const {
    std::int64_t until = t_ns < at_ns_ ? t_ns : at_ns_;
    return clock_->sleep_until(until, stop_) && t_ns <= at_ns_;
  }

 private:
  Clock* clock_;
  std::int64_t at_ns_;
  std::stop_token stop_;
};

}  // namespace harness
