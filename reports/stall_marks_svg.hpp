#pragma once
// The marks the timeline's I/O plot carries about the stall (internal to timeline_svg.cpp):
// each stall's bracket with its duration, the limit it was judged against, the releasing layer
// event, and the initiator journal's path-failure lines ticked where they were logged.
#include <map>
#include <string>
#include <vector>

#include "reports/stall_marks.hpp"
#include "reports/timeline_geometry.hpp"
#include "reports/timeline_model.hpp"

namespace harness {

// Brackets in the band at `band_y`; the limit line across the I/O lanes (`io_top` to
// `io_bottom`); the release line down to `plot_bottom`, through the path lanes it explains.
void stall_marks_svg(std::string& out, const std::vector<StallMark>& stalls,
                     const timeline_layout::Geometry& g, double band_y, double io_top,
                     double io_bottom, double plot_bottom);

// One tick per path device and pixel column at the foot of the I/O rate lane (`rate_bottom`),
// labelled with the device, every line it stands for on hover; repeated across the device's own
// lane (`lane_y`: its top, when it has one), where the 2 s sample may say "active" still.
void path_loss_ticks_svg(std::string& out, const TimelineModel& m,
                         const timeline_layout::Geometry& g, double rate_bottom,
                         const std::map<std::string, double>& lane_y);

}  // namespace harness
