#include "harness/scenario/seeded_draws.hpp"

#include <algorithm>
#include <cmath>

namespace harness {

std::uint64_t mix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::uint64_t fnv1a64(std::string_view text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::uint64_t step_seed(std::uint64_t run_seed, std::string_view step_id) {
  return mix64(run_seed ^ mix64(fnv1a64(step_id)));
}

std::uint64_t draw_below(std::mt19937_64& gen, std::uint64_t n) {
  if (n <= 1) return 0;
  // 2^64 mod n, computed in 64 bits: (2^64 - n) mod n.
  const std::uint64_t reject_below = (0 - n) % n;
  std::uint64_t x = gen();
  while (x < reject_below) x = gen();
  return x % n;
}

double draw_seconds(std::mt19937_64& gen, const SecondsRange& window) {
  // Windows are validated to lie within an hour or so; the cap only keeps the conversion to
  // integers defined for a Scenario built in code with absurd bounds.
  constexpr double kCapMs = 9.0e15;
  const double lo_ms = std::ceil(std::clamp(window.min_s * 1000.0, -kCapMs, kCapMs) - 1e-9);
  const double hi_ms = std::floor(std::clamp(window.max_s * 1000.0, -kCapMs, kCapMs) + 1e-9);
  if (!(window.max_s > window.min_s) || hi_ms < lo_ms) return window.min_s;
  const auto lo = static_cast<std::int64_t>(lo_ms);
  const auto count = static_cast<std::uint64_t>(static_cast<std::int64_t>(hi_ms) - lo) + 1;
  const auto ms = lo + static_cast<std::int64_t>(draw_below(gen, count));
  return std::clamp(static_cast<double>(ms) / 1000.0, window.min_s, window.max_s);
}

}  // namespace harness
