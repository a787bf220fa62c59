#include "drivers/faults/events.hpp"

namespace harness {

bool injects_node_loss(const Event& e) {
  if (e.kind != EventKind::inject || !e.data.is_object()) return false;
  auto it = e.data.find(kInjectNodeLost);
  return it != e.data.end() && it->is_boolean() && it->get<bool>();
}

std::optional<ImageChange> image_change(const Event& e) {
  if (e.kind != EventKind::inject || !e.data.is_object()) return std::nullopt;
  auto text = [&](const char* k) {
    auto it = e.data.find(k);
    return it != e.data.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  auto ns = [&](const char* k, std::int64_t fallback) {
    auto it = e.data.find(k);
    return it != e.data.end() && it->is_number_integer() ? it->get<std::int64_t>() : fallback;
  };
  ImageChange c{e.node, text("from_image"), text("to_image"), e.t_ns, 0, 0};
  if (c.from.empty() || c.to.empty()) return std::nullopt;
  c.out_ns = ns("out_of_service_ns", e.t_ns);
  c.back_ns = ns("back_in_service_ns", ns("call_end_ns", e.t_ns));
  return c;
}

}  // namespace harness
