#include "reports/stall_marks_svg.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "reports/text_util.hpp"

namespace harness {

using namespace timeline_layout;

namespace {

void text_el(std::string& out, double x, double y, std::string_view s,
             std::string_view anchor = "start") {
  out += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" text-anchor="{}">)", x, y, anchor);
  append_html_escaped(out, s);
  out += "</text>";
}

void title_el(std::string& out, std::string_view s) {
  out += "<title>";
  append_html_escaped(out, s);
  out += "</title>";
}

std::string bracket_label(const StallMark& s) {
  return s.resumed ? fmt::format("stall {:.3f} s", s.stall_s)
                   : fmt::format("stall {:.3f} s, not resumed", s.stall_s);
}

}  // namespace

void stall_marks_svg(std::string& out, const std::vector<StallMark>& stalls, const Geometry& g,
                     double band_y, double io_top, double io_bottom, double plot_bottom) {
  for (const auto& s : stalls) {
    if (s.end_ns < g.start || s.start_ns > g.end) continue;
    const double x0 = g.x(s.start_ns), x1 = std::max(g.x(s.end_ns), x0 + 1);
    const std::string limit =
        s.limit_s > 0 ? fmt::format("limit {:g} s", s.limit_s) : std::string("no limit");
    out += fmt::format(R"(<g class="stall{}"><path d="M{:.1f} {:.1f}V{:.1f}H{:.1f}V{:.1f}"/>)",
                       s.over_limit ? " over" : "", x0, band_y + 20, band_y + 14, x1,
                       band_y + 20);
    text_el(out, (x0 + x1) / 2, band_y + 11, bracket_label(s), "middle");
    title_el(out, fmt::format("{} after {}: {} s to {} s, {} ({})", bracket_label(s), s.fault,
                              signed_seconds(s.start_ns - g.origin),
                              signed_seconds(s.end_ns - g.origin), limit,
                              s.over_limit ? "over it" : "within it"));
    out += "</g>";
    // Where this stall would have failed the check: a bracket reaching past it is a failure.
    if (s.limit_s > 0 && g.inside(s.limit_ns)) {
      const double x = g.x(s.limit_ns);
      out += fmt::format(R"(<g class="limit"><line x1="{:.1f}" x2="{:.1f}" y1="{:.1f}" y2="{:.1f}"/>)",
                         x, x, band_y, io_bottom);
      text_el(out, x + 3, io_top + 10, limit);
      title_el(out, fmt::format("{} s: {} after the stall's start ({}, path_switch_max_s)",
                                signed_seconds(s.limit_ns - g.origin), limit, s.fault));
      out += "</g>";
    }
    if (s.released_ns && g.inside(*s.released_ns)) {
      const double x = g.x(*s.released_ns);
      out += fmt::format(R"(<g class="release"><line x1="{:.1f}" x2="{:.1f}" y1="{:.1f}" y2="{:.1f}"/>)",
                         x, x, band_y, plot_bottom);
      text_el(out, x + 3, io_top + 22, "released: " + s.released_step);
      title_el(out, fmt::format("{} s  released I/O after {}: the {} step ended with {}",
                                signed_seconds(*s.released_ns - g.origin), s.fault,
                                s.released_step, s.released_by));
      out += "</g>";
    }
  }
}

void path_loss_ticks_svg(std::string& out, const TimelineModel& m, const Geometry& g,
                         double rate_bottom, const std::map<std::string, double>& lane_y) {
  // The kernel and multipathd each log a failure, often twice: one tick per device and pixel.
  struct Tick { std::int64_t t_ns; std::string lines; };
  std::map<std::pair<std::string, long>, Tick> ticks;
  std::map<std::string, int> slot;  // labels of different devices on different heights
  for (const auto& l : m.path_losses) {
    if (!g.inside(l.t_ns)) continue;
    slot.emplace(l.dev, 0);
    auto [it, fresh] = ticks.try_emplace({l.dev, std::lround(std::floor(g.x(l.t_ns)))},
                                         Tick{l.t_ns, {}});
    it->second.lines += fmt::format("{}{} s  {}: {}", fresh ? "" : "\n",
                                    signed_seconds(l.t_ns - g.origin), l.node, l.message);
  }
  int n = 0;
  for (auto& [dev, k] : slot) k = n++ % 4;
  for (const auto& [key, t] : ticks) {
    const double x = g.x(t.t_ns);
    out += fmt::format(R"(<g class="pathloss"><line x1="{:.1f}" x2="{:.1f}" y1="{:.1f}" y2="{:.1f}"/>)",
                       x, x, rate_bottom - 12, rate_bottom);
    if (auto lane = lane_y.find(key.first); lane != lane_y.end())
      out += fmt::format(R"(<line class="inlane" x1="{:.1f}" x2="{:.1f}" y1="{:.1f}" y2="{:.1f}"/>)",
                         x, x, lane->second, lane->second + kRowH);
    text_el(out, x + 2, rate_bottom - 14 - 10.0 * slot[key.first], key.first);
    title_el(out, "path failed in the journal:\n" + t.lines);
    out += "</g>";
  }
  if (m.path_losses_dropped)
    out += fmt::format(R"(<text class="lsub" x="4" y="{:.1f}">{} more path-failure lines</text>)",
                       rate_bottom - 4, m.path_losses_dropped);
}

}  // namespace harness
