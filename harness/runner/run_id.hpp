#pragma once
// Run ids name everything a run creates (domains, networks, overlays, runs/<run-id>/), so that
// `harness cleanup` can find what a killed run left. Shape:
//   node-kill-active-20261125-031502-a1b2
// (scenario name, UTC wall-clock time, 4 hex digits from the seed and the clock), lowercase
// [a-z0-9-] only, at most 48 characters: safe in libvirt names, paths and XML.
#include <cstdint>
#include <string>

#include "harness/core/history.hpp"
#include "harness/core/clock.hpp"

namespace harness {

inline constexpr std::size_t kMaxRunIdLength = 48;

std::string make_run_id(const std::string& scenario_name, Clock& clock, std::uint64_t seed);

// The History header for a run: id, monotonic/realtime anchor taken now, meta (scenario, seed,
// harness version). Set it before History::stream_to so the streamed file starts with it.
HistoryHeader make_history_header(const std::string& run_id, const std::string& scenario_name,
                                  std::uint64_t seed, Clock& clock);

}  // namespace harness
