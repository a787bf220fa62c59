#include <condition_variable>
#include <mutex>
#include <time.h>

#include "harness/core/clock.hpp"

namespace harness {

namespace {
std::int64_t read_clock(clockid_t id) {
  timespec ts{};
  clock_gettime(id, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * kNsPerS + ts.tv_nsec;
}

class SystemClock final : public Clock {
 public:
  std::int64_t now_ns() const override { return read_clock(CLOCK_MONOTONIC); }
  std::int64_t realtime_ns() const override { return read_clock(CLOCK_REALTIME); }
  bool sleep_until(std::int64_t t_ns, std::stop_token stop) override {
    // condition_variable_any waits on steady_clock, which is CLOCK_MONOTONIC in libstdc++.
    std::unique_lock lock(mu_);
    auto remaining = std::chrono::nanoseconds(t_ns - now_ns());
    if (remaining.count() <= 0) return !stop.stop_requested();
    cv_.wait_for(lock, stop, remaining, [] { return false; });
    return !stop.stop_requested();
  }

 private:
  std::mutex mu_;
  std::condition_variable_any cv_;
};
}  // namespace

std::unique_ptr<Clock> make_system_clock() { return std::make_unique<SystemClock>(); }

}  // namespace harness
