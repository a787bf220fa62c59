#include "harness/runner/progress.hpp"

#include <ostream>

#include <fmt/format.h>

namespace harness {

void Progress::line(std::string_view phase, std::string_view message) {
  if (!out_) return;
  double t = ns_to_seconds(clock_.now_ns() - t0_ns_);
  std::lock_guard lock(mu_);
  *out_ << fmt::format("[{:6.1f}s] {}: {}\n", t, phase, message) << std::flush;
}

}  // namespace harness
