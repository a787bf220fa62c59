#pragma once
// The fencing attempts of one run, from request to result, and the race between two nodes that
// asked to fence each other (a split brain). Read from Pacemaker's log lines (the request, the
// delay, the agent's exit, the fencer's result: drivers/pacemaker/events.hpp), crm_mon's fencing
// history (`fence` events, finished fencings only) and the hypervisor's power cuts (`lifecycle`
// external). The configured delay comes from note/run's tunables; the fencer's "Delaying" line,
// when logged, is what it applied and wins. Explains the fencing verdict; never decides it.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/checks/history_view.hpp"

namespace harness::checks {

enum class DelaySource { none, configured, logged };

struct FenceAttempt {
  std::string requester;                   // the node that asked (crm_mon's origin)
  std::string target;
  std::string action;                      // off, reboot
  std::string executioner;                 // whose agent ran it, when logged
  std::optional<std::int64_t> lost_ns;     // the requester saw the target lost, before asking
  std::optional<std::int64_t> request_ns;  // the decision; nullopt when only a result was kept
  std::optional<std::int64_t> delay_begin_ns;  // the fencer's "Delaying" line
  std::int64_t delay_ns = 0;
  DelaySource delay_from = DelaySource::none;
  // Completion: the fencer's result line, else the agent's exit, else crm_mon's record (which
  // Pacemaker 2.1.5 stamps to the whole second).
  std::optional<std::int64_t> done_ns;
  bool ok = false;                         // the completion was a success
  std::optional<std::int64_t> power_cut_ns;  // the hypervisor cut the target's power for it
  std::int64_t pending_at_ns = 0;          // not done: the last instant it was still in flight
  std::vector<std::size_t> events;         // the events it was read from, for the evidence

  bool pending() const { return !done_ns; }
  // When the agent could run: the end of the delay, counted from the "Delaying" line or else
  // from the request. nullopt without a request.
  std::optional<std::int64_t> start_ns() const;
  // start → completion, or start → pending_at_ns while pending.
  std::optional<std::int64_t> latency_ns() const;
};

// Two nodes that asked to fence each other while neither's fencing had finished.
struct FenceRace {
  std::size_t winner = 0;  // indices into FenceStory::attempts
  std::size_t loser = 0;
  bool decided = false;    // false: neither fencing succeeded (winner/loser by request order)
  // Loser's completion − winner's, when both completed (mutual fencing).
  std::optional<std::int64_t> margin_ns;
  // Winner's start − loser's start: > 0 when the loser's agent could run first and still lost.
  std::optional<std::int64_t> head_start_ns;
};

struct FenceStory {
  std::vector<FenceAttempt> attempts;  // in the order they were asked for
  std::optional<FenceRace> race;       // the first one
  std::string protected_node;          // fence.delay_node, else the target of a logged delay
  std::optional<double> configured_delay_s;  // fence.delay_s from note/run's tunables
  std::string agent;                         // fence.agent from note/run's tunables ("" if none)
};

FenceStory read_fence_story(const HistoryView& v);

}  // namespace harness::checks
