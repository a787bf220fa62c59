#include "reports/anatomy_text.hpp"

#include <fmt/format.h>

namespace harness {
namespace {

using nlohmann::json;

double num(const json& j, const char* k) {
  auto it = j.find(k);
  return it != j.end() && it->is_number() ? it->get<double>() : 0.0;
}
std::string str(const json& j, const char* k) {
  auto it = j.find(k);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::vector<std::string> anatomy_lines(const CheckResult& c) {
  std::vector<std::string> out;
  auto faults = c.metrics.find("faults");
  if (faults == c.metrics.end() || !faults->is_array()) return out;
  for (const auto& f : *faults) {
    auto a = f.find("anatomy");
    if (a == f.end() || !a->is_object() || !a->contains("steps")) continue;
    out.push_back(fmt::format(
        "anatomy of {} of {} (step {}): fault at {:+.3f} s; steps add up to {:.3f} s ±{:.3f}, "
        "stall {:.3f} s from {:+.3f} s",
        str(f, "fault"), str(f, "node"), str(f, "step"), num(*a, "fault_at_s"), num(*a, "span_s"),
        num(*a, "error_s"), num(*a, "stall_s"), num(*a, "stall_start_s")));
    const std::string released = str(*a, "released_by_step");
    for (const auto& s : (*a)["steps"]) {
      const std::string step = str(s, "step");
      out.push_back(fmt::format("  {:<16} {:+8.3f} → {:+8.3f} s {:8.3f} s ±{:.3f}  {}{}", step,
                                num(s, "start_s"), num(s, "end_s"), num(s, "duration_s"),
                                num(s, "error_s"), str(s, "to"),
                                step == released ? "  <- released I/O" : ""));
    }
    static const json kNone;
    const json& o = a->contains("open_loop") ? (*a)["open_loop"] : kNone;
    if (o.is_object() && o.contains("first_held_submit_s") && o["first_held_submit_s"].is_number())
      out.push_back(fmt::format("  open loop: the first held I/O was submitted at {:+.3f} s and "
                                "waited {:.3f} s ({} I/Os held)",
                                num(o, "first_held_submit_s"), num(o, "open_loop_stall_s"),
                                o.value("held_ios", 0)));
    if (released.empty() && f.value("resumed", false))
      out.push_back("  released by: no layer event inside the stall");
    if (a->contains("notes"))
      for (const auto& n : (*a)["notes"])
        if (n.is_string()) out.push_back("  note: " + n.get<std::string>());
  }
  return out;
}

}  // namespace harness
