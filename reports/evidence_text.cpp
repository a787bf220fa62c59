#include "reports/evidence_text.hpp"

#include <optional>

#include <fmt/format.h>

#include "reports/text_util.hpp"

namespace harness {

namespace {

std::optional<std::int64_t> event_time(const nlohmann::json& e) {
  if (!e.is_object()) return std::nullopt;
  auto it = e.find("t_ns");
  if (it == e.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<std::int64_t>();
}

std::string str_field(const nlohmann::json& e, const char* key) {
  auto it = e.find(key);
  return it != e.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

std::string fault_label(const std::string& what, const std::string& node) {
  return node.empty() ? fmt::format("first fault: inject {}", what)
                      : fmt::format("first fault: inject {} on {}", what, node);
}

}  // namespace

TimeBase evidence_time_base(const std::vector<CheckResult>& checks) {
  std::optional<std::int64_t> first_inject, first_any;
  std::string what, node;
  for (const auto& c : checks) {
    if (!c.evidence.is_array()) continue;
    for (const auto& e : c.evidence) {
      const auto t = event_time(e);
      if (!t) continue;
      if (!first_any || *t < *first_any) first_any = t;
      if (str_field(e, "kind") == "inject" && (!first_inject || *t < *first_inject)) {
        first_inject = t;
        what = str_field(e, "what");
        node = str_field(e, "node");
      }
    }
  }
  if (first_inject) return {*first_inject, fault_label(what, node)};
  if (first_any) return {*first_any, "first evidence event (no fault in the evidence)"};
  return {0, "no timed evidence"};
}

TimeBase fault_time_base(const std::vector<Event>& events) {
  for (const auto& e : events)  // sorted by time: the first inject is the first fault
    if (e.kind == EventKind::inject) return {e.t_ns, fault_label(e.what, e.node)};
  if (!events.empty()) return {events.front().t_ns, "first event (no fault in the history)"};
  return {0, "empty history"};
}

std::string evidence_line(const nlohmann::json& e, std::int64_t base_ns) {
  const auto t = event_time(e);
  if (!t) return fmt::format("{:>10}  {}", "", e.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  std::string line = fmt::format("{:>8} s  {:<11} {:<10}", signed_seconds(*t - base_ns),
                                 str_field(e, "kind"), str_field(e, "what"));
  const std::string node = str_field(e, "node");
  if (!node.empty()) line += fmt::format(" {}", node);
  auto data = e.find("data");
  if (data == e.end() || data->empty()) return line;
  // A journal line reads as the journal prints it: "pacemaker-fenced: notice: Delaying ...".
  if (str_field(e, "kind") == "observation" && str_field(e, "what") == "log" &&
      data->is_object() && data->size() == 2) {
    const std::string unit = str_field(*data, "unit"), message = str_field(*data, "message");
    if (!unit.empty() && !message.empty()) {
      const auto from = message.find_first_not_of(' ');
      return line + "  " + unit + ": " + message.substr(from == std::string::npos ? 0 : from);
    }
  }
  return line + "  " + data->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string evidence_text(const nlohmann::json& evidence, const TimeBase& base,
                          std::size_t max_lines) {
  std::string out = fmt::format("times in seconds from {}\n", base.label);
  if (!evidence.is_array() || evidence.empty()) return out + "(no evidence events)\n";
  std::size_t n = 0;
  for (const auto& e : evidence) {
    if (n == max_lines) {
      out += fmt::format("... {} more events in result.json\n", evidence.size() - n);
      break;
    }
    out += evidence_line(e, base.t_ns);
    out += '\n';
    ++n;
  }
  return out;
}

}  // namespace harness
