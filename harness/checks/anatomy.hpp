#pragma once
// The failover anatomy of one fault: the critical path from the fault to the first I/O completed
// after its stall, step by step (anatomy_steps.hpp), each bounded by two layer events, and the
// step whose end released I/O. History in, values out; docs/ANATOMY.md defines every figure.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/checks/anatomy_steps.hpp"
#include "harness/checks/history_view.hpp"
#include "harness/checks/layer_events.hpp"

namespace harness::checks {

struct AnatomyStep {
  Step step = Step::detection;
  LayerEvent from;  // the event that ended the step before (the fault for the first)
  LayerEvent to;    // the event that ended this one
  std::int64_t start_ns() const { return from.t_ns; }
  std::int64_t end_ns() const { return to.t_ns; }
  std::int64_t duration_ns() const { return to.t_ns - from.t_ns; }
  // Both ends' bounds: how far the duration may be off.
  std::int64_t error_ns() const { return from.error_ns() + to.error_ns(); }
};

struct Anatomy {
  std::int64_t inject_ns = 0;              // the inject event: every time in the JSON is from it
  LayerEvent fault;                        // the fault's instant (QEMU's stamp when there is one)
  std::vector<AnatomyStep> steps;          // present steps, in order; they chain end to start
  std::optional<std::size_t> releasing;    // the step whose end released I/O (never first_io)
  bool resumed = false;                    // I/O came back (the last step is first_io)
  std::int64_t stall_start_ns = 0, stall_end_ns = 0;
  // Open loop: the submission (completion - latency) of the earliest I/O that was in flight
  // across the stall and completed, or failed, only at or after its end.
  std::optional<std::int64_t> first_held_submit_ns;
  std::size_t held_ios = 0;                // I/Os in flight across the stall
  std::vector<LayerEvent> off_path;        // layer events in the stall not on the path
  std::vector<std::string> notes;          // what limits the reading (unmapped clocks, ...)

  // Fault instant to the end of the last step: what the steps add up to.
  std::int64_t span_ns() const { return steps.empty() ? 0 : steps.back().end_ns() - fault.t_ns; }
  // The bounds of the span's two ends: the steps' own errors cancel along the chain.
  std::int64_t error_ns() const;
};

// The anatomy of fault window `w` whose stall is `stall`, from the run's layer events.
Anatomy build_anatomy(const HistoryView& view, const ClockBounds& clocks, const LayerEvents& layer,
                      const FaultWindow& w, const Stall& stall);

// The anatomy as result.json carries it (seconds relative to the fault instant).
nlohmann::json anatomy_json(const Anatomy& a);

}  // namespace harness::checks
