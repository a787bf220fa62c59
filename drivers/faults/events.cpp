#include "drivers/faults/events.hpp"

namespace harness {

bool injects_node_loss(const Event& e) {
  if (e.kind != EventKind::inject || !e.data.is_object()) return false;
  auto it = e.data.find(kInjectNodeLost);
  return it != e.data.end() && it->is_boolean() && it->get<bool>();
}

}  // namespace harness
