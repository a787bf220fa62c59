#pragma once
// The target layer's signals (docs/ANATOMY.md): the ALUA state of each port group as the target
// reports it, read today from the changes between two `observation/alua` samples (RTPG from the
// initiator, {"groups": {node: state}}). The subject is the port group's node. Plain data: the
// checks read this header.
#include <optional>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/core/layer_event.hpp"

namespace harness {

// "active/optimized" -> alua_optimized, "active/non-optimized" -> alua_non_optimized,
// "standby", "transitioning", "unavailable"; nullopt for another word.
std::optional<Signal> alua_state_signal(std::string_view state);

// A group whose state differs from the one before (or that is new when a sample came before).
// Nothing for the first sample.
std::vector<SignalWord> alua_observation_signals(const nlohmann::json& before,
                                                 const nlohmann::json& after);

}  // namespace harness
