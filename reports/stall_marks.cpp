#include "reports/stall_marks.hpp"

#include <cmath>
#include <map>

#include <fmt/format.h>

namespace harness {

namespace {

using nlohmann::json;

std::optional<double> num(const json& j, const char* k) {
  auto it = j.find(k);
  if (it == j.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

std::string str(const json& j, const char* k) {
  auto it = j.find(k);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::int64_t ns(double s) { return static_cast<std::int64_t>(std::llround(s * 1e9)); }

// The check lists faults in inject order, as the History holds them: the i-th fault window with
// the same step is the one (a scenario may repeat a step name only by mistake, but keep order).
const FaultWindow* window_of(const std::vector<FaultWindow>& faults, const std::string& step,
                             std::size_t nth) {
  for (const auto& f : faults)
    if (f.step == step && nth-- == 0) return &f;
  return nullptr;
}

}  // namespace

std::vector<StallMark> stall_marks(const std::vector<CheckResult>& checks,
                                   const std::vector<FaultWindow>& faults) {
  std::vector<StallMark> out;
  for (const auto& c : checks) {
    if (c.name != "path_switch" || !c.metrics.is_object()) continue;
    auto list = c.metrics.find("faults");
    if (list == c.metrics.end() || !list->is_array()) continue;
    const double limit = num(c.metrics, "path_switch_max_s").value_or(0);
    std::map<std::string, std::size_t> seen;
    for (const auto& f : *list) {
      if (!f.is_object()) continue;
      const std::string step = str(f, "step");
      const FaultWindow* w = window_of(faults, step, seen[step]++);
      const auto stall = num(f, "longest_stall_s"), from = num(f, "stall_start_s"),
                 to = num(f, "stall_end_s");
      if (!w || !stall || !from || !to) continue;  // nothing to place it by
      StallMark m;
      m.step = step;
      m.fault = fmt::format("{} of {} (step {})", str(f, "fault"), str(f, "node"), step);
      m.start_ns = w->inject_ns + ns(*from);
      m.end_ns = w->inject_ns + ns(*to);
      m.stall_s = *stall;
      auto resumed = f.find("resumed");
      m.resumed = resumed == f.end() || !resumed->is_boolean() || resumed->get<bool>();
      m.limit_s = limit;
      m.limit_ns = m.start_ns + ns(limit);
      m.over_limit = !m.resumed || (limit > 0 && *stall > limit);
      if (auto r = num(f, "released_by_s")) {
        m.released_ns = w->inject_ns + ns(*r);
        m.released_step = str(f, "released_by_step");
        m.released_by = str(f, "released_by");
      }
      out.push_back(std::move(m));
    }
  }
  return out;
}

}  // namespace harness
