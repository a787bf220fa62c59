#include "reports/anatomy_waterfall.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "reports/text_util.hpp"

namespace harness {
namespace {

using nlohmann::json;

constexpr double kWidth = 1200, kLeft = 150, kRight = 230, kRowH = 20, kTop = 22, kAxisH = 22;
constexpr double kPlotW = kWidth - kLeft - kRight;

double num(const json& j, const char* k, double def = 0) {
  auto it = j.find(k);
  return it != j.end() && it->is_number() ? it->get<double>() : def;
}
std::string str(const json& j, const char* k) {
  auto it = j.find(k);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

void text(std::string& out, double x, double y, std::string_view cls, std::string_view s,
          std::string_view anchor = "start") {
  out += fmt::format(R"(<text class="{}" x="{:.1f}" y="{:.1f}" text-anchor="{}">)", cls, x, y, anchor);
  append_html_escaped(out, s);
  out += "</text>";
}

void one_fault(std::string& out, const json& f, const json& a) {
  static const json kNone;
  const json& steps = a["steps"];
  const json& o = a.contains("open_loop") ? a["open_loop"] : kNone;
  double lo = std::min(0.0, num(a, "stall_start_s")), hi = num(a, "span_s") + num(a, "fault_at_s");
  if (o.is_object() && o.contains("first_held_submit_s") && o["first_held_submit_s"].is_number())
    lo = std::min(lo, num(o, "first_held_submit_s"));
  for (const auto& s : steps) hi = std::max(hi, num(s, "end_s"));
  if (hi - lo < 1e-3) hi = lo + 1;
  auto x = [&](double s) { return kLeft + (s - lo) / (hi - lo) * kPlotW; };
  const double h = kTop + kRowH * (static_cast<double>(steps.size()) + 1) + kAxisH;

  out += fmt::format(R"(<svg class="waterfall" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {:.0f} {:.0f}" width="100%">)",
                     kWidth, h);
  text(out, 4, 14, "lname",
       fmt::format("{} of {} (step {}): {:.3f} s from the fault to the first I/O, ±{:.3f} s",
                   str(f, "fault"), str(f, "node"), str(f, "step"), num(a, "span_s"),
                   num(a, "error_s")));
  // The stall, bracketed across every row.
  const double ss = num(a, "stall_start_s"), se = ss + num(a, "stall_s");
  out += fmt::format(R"(<rect class="stall" x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}"><title>)",
                     x(ss), kTop, std::max(1.0, x(se) - x(ss)), kRowH * (static_cast<double>(steps.size()) + 1));
  append_html_escaped(out, fmt::format("stall {:.3f} s: {:+.3f} s to {:+.3f} s after the fault",
                                       se - ss, ss, se));
  out += "</title></rect>";
  const std::string released = str(a, "released_by_step");
  double y = kTop;
  for (const auto& s : steps) {
    const std::string step = str(s, "step");
    const double x0 = x(num(s, "start_s")), x1 = x(num(s, "end_s")), err = num(s, "error_s");
    const std::string cls = step == released ? "wf release" : "wf " + str(s, "layer");
    text(out, 4, y + 14, "lname", step);
    out += fmt::format(R"(<g class="{}"><rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}"/>)",
                       cls, x0, y + 3, std::max(1.5, x1 - x0), kRowH - 6);
    // The end's bound as whiskers: where the step may really have ended.
    const double w = err / (hi - lo) * kPlotW / 2;
    if (w >= 1)
      out += fmt::format(R"(<line class="whisker" x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}"/>)",
                         x1 - w, y + kRowH / 2, x1 + w, y + kRowH / 2);
    out += "<title>";
    append_html_escaped(out, fmt::format("{}: {:+.3f} s to {:+.3f} s, {:.3f} s ±{:.3f} s\nfrom {}\nto {}\n{}",
                                         step, num(s, "start_s"), num(s, "end_s"),
                                         num(s, "duration_s"), err, str(s, "from"), str(s, "to"),
                                         str(s, "detail")));
    out += "</title></g>";
    text(out, kWidth - kRight + 6, y + 14, "lsub",
         fmt::format("{:.3f} s {}{}", num(s, "duration_s"), str(s, "layer"),
                     step == released ? " · released I/O" : ""));
    y += kRowH;
  }
  // Open loop: the first I/O held across the stall was submitted here.
  if (o.is_object() && o.contains("first_held_submit_s") && o["first_held_submit_s"].is_number()) {
    const double xs = x(num(o, "first_held_submit_s"));
    out += fmt::format(R"(<line class="submit" x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}"><title>)",
                       xs, kTop, xs, y + kRowH);
    append_html_escaped(out, fmt::format("first held I/O submitted at {:+.3f} s; it waited {:.3f} s",
                                         num(o, "first_held_submit_s"), num(o, "open_loop_stall_s")));
    out += "</title></line>";
    text(out, xs + 3, y + 14, "lsub", "first held I/O submitted");
  }
  // Axis: seconds after the fault.
  const double span = hi - lo, p = std::pow(10.0, std::floor(std::log10(span)));
  const double step = span / p >= 2 ? p : p / 5;
  for (double t = std::ceil(lo / step) * step; t <= hi + 1e-9; t += step) {
    out += fmt::format(R"(<line class="tick" x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}"/>)",
                       x(t), kTop, x(t), y + kRowH);
    text(out, x(t), y + kRowH + 14, "lsub", fmt::format("{:+g} s", std::round(t * 1000) / 1000), "middle");
  }
  out += "</svg>\n";
}

}  // namespace

std::string render_anatomy_waterfall(const RunReport& r) {
  std::string out;
  for (const auto& c : r.checks) {
    auto faults = c.metrics.find("faults");
    if (faults == c.metrics.end() || !faults->is_array()) continue;
    for (const auto& f : *faults) {
      auto a = f.find("anatomy");
      if (a == f.end() || !a->is_object() || !a->contains("steps") || (*a)["steps"].empty()) continue;
      one_fault(out, f, *a);
    }
  }
  return out;
}

}  // namespace harness
