#pragma once
// Time units: every History timestamp and duration is in nanoseconds of the host's monotonic
// clock; seconds appear only at the edges (scenario files, reports).
#include <cstdint>

namespace harness {

constexpr std::int64_t kNsPerMs = 1'000'000;
constexpr std::int64_t kNsPerS = 1'000'000'000;

inline constexpr std::int64_t seconds_to_ns(double s) { return static_cast<std::int64_t>(s * 1e9); }
inline constexpr double ns_to_seconds(std::int64_t ns) { return static_cast<double>(ns) / 1e9; }

}  // namespace harness
