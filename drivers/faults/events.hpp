#pragma once
// The vocabulary of `inject` events (docs/EVENTS.md) as the checks read it: what a fault
// declared about its effect (FaultKind::loses_node), recorded in the event's data, so a check
// asks "was the node lost" rather than "was this a node_kill". Plain data: the checks read this
// header, never the faults themselves.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "harness/core/event.hpp"

namespace harness {

// data.node_lost: true on the inject of a fault that takes its node away (powered off).
inline constexpr std::string_view kInjectNodeLost = "node_lost";

// The inject event `e` took its node away.
bool injects_node_loss(const Event& e);

// What the inject of a node_upgrade says (drivers/faults/node_upgrade.hpp): the node's image
// before and after, when it stopped serving (out) and when it served again (back); host ns.
struct ImageChange {
  std::string node, from, to;
  std::int64_t start_ns = 0, out_ns = 0, back_ns = 0;
};
// nullopt unless `e` is such an inject (data.from_image and data.to_image).
std::optional<ImageChange> image_change(const Event& e);

}  // namespace harness
