#include "drivers/lio/events.hpp"

namespace harness {

std::optional<Signal> alua_state_signal(std::string_view s) {
  if (s == "active/optimized") return Signal::alua_optimized;
  if (s == "active/non-optimized") return Signal::alua_non_optimized;
  if (s == "standby") return Signal::alua_standby;
  if (s == "transitioning") return Signal::alua_transitioning;
  if (s == "unavailable") return Signal::alua_unavailable;
  return std::nullopt;
}

std::vector<SignalWord> alua_observation_signals(const nlohmann::json& before,
                                                 const nlohmann::json& after) {
  std::vector<SignalWord> out;
  auto b = before.find("groups"), a = after.find("groups");
  if (b == before.end() || a == after.end() || !b->is_object() || !a->is_object()) return out;
  for (const auto& [node, state] : a->items()) {
    if (!state.is_string()) continue;
    auto was = b->find(node);
    if (was != b->end() && *was == state) continue;
    if (auto s = alua_state_signal(state.get<std::string>())) out.push_back({*s, node});
  }
  return out;
}

}  // namespace harness
