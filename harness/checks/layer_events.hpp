#pragma once
// Every layer event the History holds (harness/core/layer_event.hpp), read through the
// components' vocabularies (drivers/<component>/events.hpp), placed on the History's clock with
// its error bound, in time order. Log lines and observations that no vocabulary reads as a
// signal are not layer events: they stay evidence and never release a stall.
#include <cstddef>
#include <string>
#include <vector>

#include "harness/checks/clock_bounds.hpp"
#include "harness/checks/history_view.hpp"
#include "harness/core/layer_event.hpp"

namespace harness::checks {

struct LayerEvents {
  std::vector<LayerEvent> events;  // by t_ns
  // Guest-stamped events dropped because they fall where their node could not have logged or
  // been sampled (powered off, vCPUs stopped): a stamp mapped with a clock offset the pause or
  // reboot made wrong.
  std::size_t dropped = 0;
};

LayerEvents read_layer_events(const HistoryView& view, const ClockBounds& clocks);

// "cluster fence_done n1 (n2, journal)": how the anatomy and the path-switch check name one.
std::string describe(const LayerEvent& e);

}  // namespace harness::checks
