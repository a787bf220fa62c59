#pragma once
// Progress lines on stderr, stamped with seconds since the run started:
//   "[  12.3s] faults: step cut: link_cut n1 san0 injected"
// A null stream keeps quiet (--quiet, tests).
#include <cstdint>
#include <iosfwd>
#include <mutex>
#include <string_view>

#include "harness/core/clock.hpp"

namespace harness {

class Progress {
 public:
  Progress(Clock& clock, std::int64_t t0_ns, std::ostream* out) : clock_(clock), t0_ns_(t0_ns), out_(out) {}
  void line(std::string_view phase, std::string_view message);
  bool quiet() const { return out_ == nullptr; }

 private:
  Clock& clock_;
  std::int64_t t0_ns_;
  std::ostream* out_;
  std::mutex mu_;
};

}  // namespace harness
