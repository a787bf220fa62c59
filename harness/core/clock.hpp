#pragma once
// Time is injected: the runner and every driver read time and sleep through a Clock, so unit
// tests run a 30-second failover in microseconds of virtual time.
#include <atomic>
#include <cstdint>
#include <memory>
#include <stop_token>

#include "harness/core/units.hpp"

namespace harness {

class Clock {
 public:
  virtual ~Clock() = default;
  // Host monotonic time, nanoseconds. Every History timestamp is on this clock.
  virtual std::int64_t now_ns() const = 0;
  // Wall-clock time, nanoseconds since the Unix epoch (anchors the monotonic clock).
  virtual std::int64_t realtime_ns() const = 0;
  // Sleeps until now_ns() >= t_ns. Returns false if `stop` was requested first.
  virtual bool sleep_until(std::int64_t t_ns, std::stop_token stop = {}) = 0;
};

// The real clock: CLOCK_MONOTONIC and CLOCK_REALTIME; sleeps wake early on stop.
std::unique_ptr<Clock> make_system_clock();

// Virtual time for tests: sleeping advances time at once; starts at `start_ns`.
class VirtualClock final : public Clock {
 public:
  explicit VirtualClock(std::int64_t start_ns = 1'000 * kNsPerS,
                        std::int64_t realtime_at_start_ns = 1'700'000'000 * kNsPerS)
      : now_(start_ns), realtime_offset_(realtime_at_start_ns - start_ns) {}
  std::int64_t now_ns() const override { return now_.load(); }
  std::int64_t realtime_ns() const override { return now_.load() + realtime_offset_; }
  bool sleep_until(std::int64_t t_ns, std::stop_token stop = {}) override {
    if (stop.stop_requested()) return false;
    // Atomic max: drivers may sleep on several threads at once (nodes worked on in parallel).
    std::int64_t cur = now_.load();
    while (t_ns > cur && !now_.compare_exchange_weak(cur, t_ns)) {
    }
    return true;
  }
  void advance(std::int64_t ns) { now_.fetch_add(ns); }

 private:
  std::atomic<std::int64_t> now_;
  std::int64_t realtime_offset_;
};

}  // namespace harness
