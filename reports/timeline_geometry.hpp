#pragma once
// The timeline's fixed layout and its time → x mapping, shared by the files that draw parts of
// the one SVG (timeline_svg.cpp, stall_marks_svg.cpp). Internal to the reports.
#include <algorithm>
#include <cstdint>

namespace harness::timeline_layout {

constexpr double kWidth = 1200, kLeft = 150, kRight = 16;
constexpr double kPlotW = kWidth - kLeft - kRight;
// The stall band sits between the fault labels and the I/O rate: the stall brackets.
constexpr double kFaultBand = 18, kStallBand = 22, kRateH = 110, kLatH = 110, kMarkH = 34,
                 kRowH = 18, kGap = 8, kAxisH = 26;

struct Geometry {
  std::int64_t start, end, origin;
  double x(std::int64_t t) const {
    const double f = static_cast<double>(t - start) / static_cast<double>(end - start);
    return kLeft + std::clamp(f, 0.0, 1.0) * kPlotW;
  }
  bool inside(std::int64_t t) const { return t >= start && t <= end; }
  double rel_s(std::int64_t t) const { return static_cast<double>(t - origin) / 1e9; }
};

}  // namespace harness::timeline_layout
