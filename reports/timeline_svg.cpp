// Draws the TimelineModel: I/O rate and max latency lanes (one <path> each), fault windows
// shaded across every lane, lifecycle and fence markers, one row per state (paths, path
// devices, ALUA, cluster), then on top the stalls bracketed above the I/O rate with their limit
// and releasing event, and the journal's path failures (stall_marks_svg.cpp). Hover text comes
// from <title> elements; the page's script adds a time cursor.
// Coordinates: a fixed viewBox the browser scales; x is seconds from the model's origin.
#include "reports/timeline_svg.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "reports/stall_marks_svg.hpp"
#include "reports/text_util.hpp"
#include "reports/timeline_geometry.hpp"

namespace harness {

using namespace timeline_layout;

namespace {

std::string fmt_latency(double ns) {
  if (ns >= 1e9) return fmt::format("{:g} s", ns / 1e9);
  if (ns >= 1e6) return fmt::format("{:g} ms", ns / 1e6);
  if (ns >= 1e3) return fmt::format("{:g} µs", ns / 1e3);
  return fmt::format("{:g} ns", ns);
}

double nice_ceiling(double v) {
  if (v <= 0) return 1;
  const double p = std::pow(10.0, std::floor(std::log10(v)));
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * p >= v) return m * p;
  return 10 * p;
}

void lane_label(std::string& out, double y, double h, std::string_view text, std::string_view sub) {
  out += fmt::format(R"(<rect class="lane" x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}"/>)",
                     kLeft, y, kPlotW, h);
  out += fmt::format(R"(<text class="lname" x="4" y="{:.1f}">)", y + 13);
  append_html_escaped(out, text);
  out += "</text>";
  if (!sub.empty()) {
    out += fmt::format(R"(<text class="lsub" x="4" y="{:.1f}">)", y + 25);
    append_html_escaped(out, sub);
    out += "</text>";
  }
}

void rate_lane(std::string& out, const TimelineModel& m, const Geometry& g, double y) {
  const auto& io = m.io;
  const double bucket_s = static_cast<double>(io.bucket_ns) / 1e9;
  std::uint32_t peak = 0;
  for (auto c : io.completions) peak = std::max(peak, c);
  const double ymax = nice_ceiling(peak / bucket_s);
  lane_label(out, y, kRateH, "I/O rate",
             fmt::format("IOPS, {:g} ms buckets", bucket_s * 1000));
  // One closed step path: the area under the rate.
  const double base = y + kRateH;
  auto yv = [&](std::uint32_t c) { return base - (c / bucket_s) / ymax * (kRateH - 4); };
  for (double v : {0.0, ymax / 2, ymax}) {
    const double yy = base - v / ymax * (kRateH - 4);
    out += fmt::format(R"(<line class="grid" x1="{:.1f}" x2="{:.1f}" y1="{:.1f}" y2="{:.1f}"/>)",
                       kLeft, kLeft + kPlotW, yy, yy);
    out += fmt::format(R"(<text class="tick" x="{:.1f}" y="{:.1f}">{:g}</text>)", kLeft - 4,
                       yy + 3, v);
  }
  out += fmt::format(R"(<path class="rate" d="M{:.1f} {:.1f})", kLeft, base);
  for (std::size_t i = 0; i < io.completions.size(); ++i) {
    const auto t0 = g.start + static_cast<std::int64_t>(i) * io.bucket_ns;
    out += fmt::format("V{:.1f}H{:.1f}", yv(io.completions[i]),
                       g.x(std::min(t0 + io.bucket_ns, g.end)));
  }
  out += fmt::format("V{:.1f}Z\"/>", base);
  // I/O errors: a red tick at the top of each bucket that had any.
  std::string errs;
  for (std::size_t i = 0; i < io.errors.size(); ++i)
    if (io.errors[i] != 0)
      errs += fmt::format("M{:.1f} {:.1f}v8",
                          g.x(g.start + static_cast<std::int64_t>(i) * io.bucket_ns), y + 1);
  if (!errs.empty())
    out += fmt::format(R"(<path class="ioerr" d="{}"><title>buckets with I/O errors</title></path>)",
                       errs);
}

void latency_lane(std::string& out, const TimelineModel& m, const Geometry& g, double y) {
  const auto& io = m.io;
  std::int64_t lo = -1, hi = 0;
  for (auto l : io.max_lat_ns) {
    if (l <= 0) continue;
    lo = lo < 0 ? l : std::min(lo, l);
    hi = std::max(hi, l);
  }
  lane_label(out, y, kLatH, "max latency", "per bucket, log");
  if (lo < 0) return;
  // Whole decades, at least two, starting no lower than 10 µs.
  const double d_lo = std::floor(std::log10(std::max<double>(lo, 1e4)));
  const double d_hi = std::max(d_lo + 1, std::ceil(std::log10(static_cast<double>(hi))));
  auto yv = [&](double ns) {
    const double f = (std::log10(std::max(ns, 1.0)) - d_lo) / (d_hi - d_lo);
    return y + kLatH - 2 - std::clamp(f, 0.0, 1.0) * (kLatH - 6);
  };
  for (double d = d_lo; d <= d_hi; d += 1) {
    const double yy = yv(std::pow(10.0, d));
    out += fmt::format(R"(<line class="grid" x1="{:.1f}" x2="{:.1f}" y1="{:.1f}" y2="{:.1f}"/>)",
                       kLeft, kLeft + kPlotW, yy, yy);
    out += fmt::format(R"(<text class="tick" x="{:.1f}" y="{:.1f}">{}</text>)", kLeft - 4, yy + 3,
                       fmt_latency(std::pow(10.0, d)));
  }
  out += R"(<path class="lat" d=")";
  bool pen_down = false;
  for (std::size_t i = 0; i < io.max_lat_ns.size(); ++i) {
    const auto t0 = g.start + static_cast<std::int64_t>(i) * io.bucket_ns;
    if (io.max_lat_ns[i] < 0) {  // nothing completed: a gap, not a line to zero
      pen_down = false;
      continue;
    }
    const double yy = yv(static_cast<double>(io.max_lat_ns[i]));
    out += fmt::format("{}{:.1f} {:.1f}H{:.1f}", pen_down ? "L" : "M", g.x(t0), yy,
                       g.x(std::min(t0 + io.bucket_ns, g.end)));
    pen_down = true;
  }
  out += "\"/>";
}

void fault_windows(std::string& out, const TimelineModel& m, const Geometry& g, double bottom) {
  for (const auto& f : m.faults) {
    if (f.heal_ns < g.start || f.inject_ns > g.end) continue;
    const double x0 = g.x(f.inject_ns), x1 = std::max(g.x(f.heal_ns), x0 + 1);
    out += fmt::format(R"(<g class="fault"><rect x="{:.1f}" y="0" width="{:.1f}" height="{:.1f}"/>)",
                       x0, x1 - x0, bottom);
    out += fmt::format(R"(<text x="{:.1f}" y="13">)", x0 + 3);
    append_html_escaped(out, f.type + (f.node.empty() ? "" : " " + f.node) +
                                 (f.healed ? "" : " (not healed)"));
    out += "</text><title>";
    append_html_escaped(
        out, fmt::format("fault {} on {} (step {}): {} s to {} s{}", f.type, f.node, f.step,
                         signed_seconds(f.inject_ns - g.origin), signed_seconds(f.heal_ns - g.origin),
                         f.healed ? fmt::format(", {:.3f} s", (f.heal_ns - f.inject_ns) / 1e9)
                                  : ", never healed"));
    out += "</title></g>";
  }
}

void markers(std::string& out, const TimelineModel& m, const Geometry& g, double y, double bottom) {
  lane_label(out, y, kMarkH, "events",
             m.markers_dropped ? fmt::format("{} more not drawn", m.markers_dropped) : "");
  int slot = 0;
  for (const auto& mk : m.markers) {
    const double x = g.x(mk.t_ns);
    out += fmt::format(R"(<g class="mark {}{}"><line x1="{:.1f}" x2="{:.1f}" y1="{:.1f}" y2="{:.1f}"/>)",
                       mk.kind, mk.bad ? " bad" : "", x, x, kFaultBand, bottom);
    out += fmt::format(R"(<text x="{:.1f}" y="{:.1f}">)", x + 2, y + 13 + 14 * (slot++ % 2));
    append_html_escaped(out, mk.label);
    out += "</text><title>";
    append_html_escaped(out, fmt::format("{} s  {}", signed_seconds(mk.t_ns - g.origin), mk.detail));
    out += "</title></g>";
  }
}

void state_row(std::string& out, const StateRow& row, const Geometry& g, double y) {
  out += fmt::format(R"(<text class="rname" x="{:.1f}" y="{:.1f}">)", kLeft - 6, y + 13);
  append_html_escaped(out, row.name);
  out += "</text>";
  // Coalesce to whole pixels (a flapping state must not emit one rect per change): a span that
  // starts in the same pixel as the previous one replaces it; the later state wins.
  struct Drawn { double x0, x1; const StateSpan* span; };
  std::vector<Drawn> drawn;
  for (std::size_t i = 0; i < row.spans.size(); ++i) {
    const auto& s = row.spans[i];
    const std::int64_t to = i + 1 < row.spans.size() ? row.spans[i + 1].from_ns : g.end;
    if (to <= g.start || s.from_ns >= g.end) continue;
    const double x0 = g.x(std::max(s.from_ns, g.start)), x1 = g.x(std::min(to, g.end));
    if (!drawn.empty() && std::floor(x0) <= std::floor(drawn.back().x0)) {
      drawn.back().x1 = std::max(drawn.back().x1, x1);
      drawn.back().span = &s;
      continue;
    }
    if (!drawn.empty()) drawn.back().x1 = x0;
    drawn.push_back({x0, x1, &s});
  }
  for (const auto& d : drawn) {
    const double w = std::max(d.x1 - d.x0, 0.5);
    out += fmt::format(R"(<g class="st {}"><rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}"/>)",
                       d.span->tone, d.x0, y + 2, w, kRowH - 4);
    if (w > 7.0 * static_cast<double>(d.span->label.size()) + 6 && d.span->label.size() < 40) {
      out += fmt::format(R"(<text x="{:.1f}" y="{:.1f}">)", d.x0 + 3, y + 13);
      append_html_escaped(out, d.span->label);
      out += "</text>";
    }
    out += "<title>";
    append_html_escaped(out, fmt::format("{} s  {}", signed_seconds(d.span->from_ns - g.origin),
                                         d.span->detail.empty() ? d.span->label : d.span->detail));
    out += "</title></g>";
  }
}

void axis(std::string& out, const Geometry& g, double y, double top, double bottom) {
  const double t0 = g.rel_s(g.start), t1 = g.rel_s(g.end);
  const double step = nice_step(t1 - t0, 14);
  for (double t = std::ceil(t0 / step) * step; t <= t1 + 1e-9; t += step) {
    const double x = g.x(g.origin + static_cast<std::int64_t>(std::llround(t * 1e9)));
    out += fmt::format(R"(<line class="grid" x1="{:.1f}" x2="{:.1f}" y1="{:.1f}" y2="{:.1f}"/>)",
                       x, x, top, bottom);
    out += fmt::format(R"(<text class="xt" x="{:.1f}" y="{:.1f}">{:g}</text>)", x, y + 14,
                       std::abs(t) < step / 1e6 ? 0.0 : t);
  }
  out += fmt::format(R"(<text class="xt" x="{:.1f}" y="{:.1f}">s</text>)", kLeft + kPlotW, y + 24);
}

}  // namespace

double nice_step(double span, int max_ticks) {
  if (!(span > 0) || max_ticks < 1) return 1;
  const double raw = span / max_ticks;
  const double p = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0})
    if (m * p >= raw) return m * p;
  return 10 * p;
}

std::string render_timeline_svg(const TimelineModel& m, const std::vector<StallMark>& stalls) {
  const Geometry g{m.start_ns, std::max(m.end_ns, m.start_ns + 1), m.origin_ns};
  const double rate_y = kFaultBand + kStallBand, lat_y = rate_y + kRateH + kGap;
  const double mark_y = lat_y + kLatH + kGap;
  const double rows_y = mark_y + kMarkH + kGap;
  const double plot_bottom = rows_y + static_cast<double>(m.rows.size()) * kRowH;
  const double height = plot_bottom + kAxisH;

  std::string out;
  out.reserve(64 * 1024);
  out += fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" class="timeline" viewBox="0 0 {:g} {:.0f}" )"
      R"(data-x0="{:g}" data-w="{:g}" data-t0="{:.6f}" data-t1="{:.6f}" role="img">)",
      kWidth, height, kLeft, kPlotW, g.rel_s(g.start), g.rel_s(g.end));
  out += "<title>I/O, faults and states over time</title>";
  // Faults first: lane backgrounds are unfilled, so the shading shows through the I/O lanes while
  // the state rows and markers on top stay hoverable.
  fault_windows(out, m, g, plot_bottom);
  axis(out, g, plot_bottom, kFaultBand, plot_bottom);
  rate_lane(out, m, g, rate_y);
  latency_lane(out, m, g, lat_y);
  markers(out, m, g, mark_y, plot_bottom);
  std::map<std::string, double> path_lane_y;
  for (std::size_t i = 0; i < m.rows.size(); ++i) {
    const double y = rows_y + static_cast<double>(i) * kRowH;
    state_row(out, m.rows[i], g, y);
    if (m.rows[i].lane == "path") path_lane_y[m.rows[i].name] = y;
  }
  // Last, so that the release line and the path failures show through the lanes they explain.
  path_loss_ticks_svg(out, m, g, rate_y + kRateH, path_lane_y);
  stall_marks_svg(out, stalls, g, kFaultBand, rate_y, lat_y + kLatH, plot_bottom);
  out += fmt::format(
      R"(<line id="cursor" x1="0" x2="0" y1="0" y2="{:.1f}" visibility="hidden"/>)"
      R"(<text id="cursor-t" x="0" y="{:.1f}" visibility="hidden"> </text>)",
      plot_bottom, plot_bottom + kAxisH - 2);
  out += "</svg>";
  return out;
}

}  // namespace harness
