#include "drivers/ledger/events.hpp"

#include <algorithm>

namespace harness::ledger {

const char* to_string(BlockState s) {
  switch (s) {
    case BlockState::ok: return "ok";
    case BlockState::blank: return "blank";
    case BlockState::foreign: return "foreign";
    case BlockState::torn: return "torn";
    case BlockState::misplaced: return "misplaced";
    case BlockState::unreadable: return "unreadable";
  }
  return "invalid";
}

const char* to_string(ViewRole r) {
  switch (r) {
    case ViewRole::device: return "device";
    case ViewRole::path: return "path";
    case ViewRole::peer: return "peer";
  }
  return "invalid";
}

std::vector<LateEpisode> late_episodes(const Ledger& l, std::int64_t threshold_ns) {
  std::vector<LateEpisode> out;
  for (std::size_t s = 0; s < l.writes.size(); ++s) {
    const LedgerWrite& w = l.writes[s];
    const bool done = w.complete_ns != kNever;
    // In flight at the end of a log that stopped before the threshold passed: no evidence.
    if (!done && l.end_ns != kNever && l.end_ns - w.submit_ns <= threshold_ns) continue;
    if (done && w.complete_ns - w.submit_ns <= threshold_ns) continue;
    // Held writes whose spans overlap are one stall, whatever completed on time in between
    // (a write to a path that still answered).
    const bool joins = !out.empty() && (out.back().last_complete_ns == kNever ||
                                        w.submit_ns <= out.back().last_complete_ns);
    if (!joins) out.push_back({s, w.submit_ns, w.complete_ns, 0});
    LateEpisode& e = out.back();
    ++e.writes;
    if (!done)
      e.last_complete_ns = kNever;  // one never completed: the stall never ended
    else if (e.last_complete_ns != kNever)
      e.last_complete_ns = std::max(e.last_complete_ns, w.complete_ns);
  }
  return out;
}

std::vector<LateEpisode> longest_episodes(std::vector<LateEpisode> all, std::size_t max) {
  if (all.size() <= max) return all;
  auto held = [](const LateEpisode& e) {
    return e.last_complete_ns == kNever ? std::numeric_limits<std::int64_t>::max()
                                        : e.last_complete_ns - e.first_submit_ns;
  };
  std::stable_sort(all.begin(), all.end(),
                   [&](const LateEpisode& a, const LateEpisode& b) { return held(a) > held(b); });
  all.resize(max);
  std::sort(all.begin(), all.end(),
            [](const LateEpisode& a, const LateEpisode& b) { return a.first_seq < b.first_seq; });
  return all;
}

}  // namespace harness::ledger
