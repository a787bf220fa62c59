#include "harness/checks/clock_bounds.hpp"

#include <algorithm>
#include <cstdlib>
#include <optional>

namespace harness::checks {

ClockBounds::ClockBounds(const HistoryView& v) {
  std::map<std::string, std::pair<std::optional<std::int64_t>, std::optional<std::int64_t>>> offsets;
  for (std::size_t i : v.others()) {
    const Event& e = v.at(i);
    if (e.kind != EventKind::note || e.what != "clock" || e.node.empty()) continue;
    auto off = get_num(e.data, "offset_ns");
    if (!off) continue;
    NodeClock& c = nodes_[e.node];
    c.bound_ns = std::max(c.bound_ns, get_int(e.data, "bound_ns"));
    auto& [first, last] = offsets[e.node];
    if (!first) first = static_cast<std::int64_t>(*off);
    last = static_cast<std::int64_t>(*off);
  }
  for (auto& [node, c] : nodes_) {
    const auto& [first, last] = offsets[node];
    if (first && last) c.drift_ns = std::llabs(*last - *first);
  }
}

std::int64_t ClockBounds::error_ns(const std::string& node) const {
  auto it = nodes_.find(node);
  return it == nodes_.end() ? 0 : it->second.error_ns();
}

}  // namespace harness::checks
