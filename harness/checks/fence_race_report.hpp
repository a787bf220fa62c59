#pragma once
// The fencing attempts and their race (fence_race.hpp) as the fencing check reports them:
// metrics per asking node and for the race, and one sentence for the summary. Times are
// seconds from `base_ns` (the first fault), as in the evidence text.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "harness/checks/fence_race.hpp"

namespace harness::checks {

// Adds, per node that asked to fence (its race attempt, else its last one):
//   fence_target.<n>, fence_lost_peer_s.<n>, fence_request_s.<n>, fence_delay_s.<n>,
//   fence_delay_source.<n> (logged | configured | unknown), fence_done_s.<n>,
//   fence_result.<n> (success | failed | pending), fence_latency_s.<n> (start → done, the start
//   being the end of the delay), fence_pending_at_s.<n> and fence_pending_s.<n> (start →
//   pending_at: a lower bound of the latency);
// and fence_attempts, fence_delay_node, fence_delay_configured_s, and fence_race
//   ({winner, loser, decided, protected_node, protected_won, margin_s, head_start_s} or null).
void add_fence_metrics(const FenceStory& s, std::int64_t base_ns, nlohmann::json& metrics);

// "Fence race lost by the protected node n1: n2 lost n1 at +7.4 s, asked ...; n1 ...; ..."
// when two nodes raced; else "fencing that did not succeed: ..." for the attempts that failed or
// never completed; else empty.
std::string fence_story_sentence(const FenceStory& s, std::int64_t base_ns);

}  // namespace harness::checks
