#pragma once
// dm-multipath's layer signals (initiator layer, docs/ANATOMY.md), from the kernel's and
// multipathd's journal lines (multipath-tools 0.9.4, kernel 6.1) and from the changes between
// two `observation/multipath` samples ({"paths": [{dev, group, state, prio}]}). Plain data: the
// checks read this header.
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/core/layer_event.hpp"

namespace harness {

//   kernel     "device-mapper: multipath: 253:0: Failing path 8:0."      -> path_failed "8:0"
//   kernel     "device-mapper: multipath: 253:0: Reinstating path 8:0."  -> path_reinstated "8:0"
//   multipathd "sda: mark as failed" / "checker failed path 8:0 in map W" -> path_failed
//   multipathd "8:0: reinstated"                                         -> path_reinstated "8:0"
//   multipathd "W: switch to path group #2"                              -> path_group_switched "#2"
std::vector<SignalWord> multipath_log_signals(std::string_view unit, std::string_view message);

// Per path device: active -> failed (path_failed), failed -> active (path_reinstated); and the
// group holding the best-priority active path changed (path_group_switched, its node). Nothing
// for the first sample.
std::vector<SignalWord> multipath_observation_signals(const nlohmann::json& before,
                                                      const nlohmann::json& after);

}  // namespace harness
