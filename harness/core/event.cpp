#include "harness/core/event.hpp"

#include <array>
#include <utility>

namespace harness {

namespace {
constexpr std::array<std::pair<EventKind, std::string_view>, 9> kNames{{
    {EventKind::phase, "phase"},
    {EventKind::io, "io"},
    {EventKind::inject, "inject"},
    {EventKind::heal, "heal"},
    {EventKind::observation, "observation"},
    {EventKind::lifecycle, "lifecycle"},
    {EventKind::fence, "fence"},
    {EventKind::verify, "verify"},
    {EventKind::note, "note"},
}};
}  // namespace

std::string_view to_string(EventKind k) {
  for (const auto& [kind, name] : kNames)
    if (kind == k) return name;
  return "note";
}

std::optional<EventKind> event_kind_from_string(std::string_view s) {
  for (const auto& [kind, name] : kNames)
    if (name == s) return kind;
  return std::nullopt;
}

void to_json(nlohmann::json& j, const Event& e) {
  j = nlohmann::json{{"t_ns", e.t_ns}, {"kind", to_string(e.kind)}, {"what", e.what}};
  if (!e.node.empty()) j["node"] = e.node;
  if (!e.data.is_null() && !e.data.empty()) j["data"] = e.data;
}

void from_json(const nlohmann::json& j, Event& e) {
  e.t_ns = j.at("t_ns").get<std::int64_t>();
  auto name = j.at("kind").get<std::string>();
  auto kind = event_kind_from_string(name);
  if (!kind) throw std::invalid_argument("unknown event kind '" + name + "'");
  e.kind = *kind;
  e.what = j.at("what").get<std::string>();
  e.node = j.value("node", std::string{});
  e.data = j.contains("data") ? j.at("data") : nlohmann::json::object();
}

}  // namespace harness
