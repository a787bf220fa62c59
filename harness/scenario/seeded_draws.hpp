#pragma once
// The random numbers behind a random step, made the same on every machine: the generator is
// std::mt19937_64 (its output sequence is fixed by the C++ standard), and the mappings from its
// 64-bit outputs to choices and seconds are written out here, because the standard's
// uniform_int_distribution and uniform_real_distribution may differ between libraries.
// docs/SCENARIO-FORMAT.md ("Random steps") states the same rules for readers.
#include <cstdint>
#include <random>
#include <string_view>

#include "harness/scenario/scenario.hpp"

namespace harness {

// splitmix64's finalizer: a bijection of 64-bit values that spreads nearby inputs apart.
std::uint64_t mix64(std::uint64_t x);

// FNV-1a (64 bits) of the bytes of `text`.
std::uint64_t fnv1a64(std::string_view text);

// The seed of one random step's generator: mix64(run_seed ^ mix64(fnv1a64(step_id))). Keyed by
// the step's id, not its position, so adding or moving other steps changes none of its draws.
std::uint64_t step_seed(std::uint64_t run_seed, std::string_view step_id);

// A uniform integer in [0, n), n >= 1: outputs below 2^64 mod n are drawn again (at most a
// fraction n / 2^64 of them), and the kept output x gives x mod n.
std::uint64_t draw_below(std::mt19937_64& gen, std::uint64_t n);

// Seconds from `window`, in whole milliseconds: uniform among the whole milliseconds from
// ceil(min_s * 1000) to floor(max_s * 1000) (one draw_below), then kept inside [min_s, max_s];
// min_s itself when the window holds no whole millisecond. No draw when it holds exactly one.
double draw_seconds(std::mt19937_64& gen, const SecondsRange& window);

}  // namespace harness
