#pragma once
// The timeline as one inline SVG element. Its size depends on the number of buckets, rows and
// markers (all bounded by build_timeline), never on the number of I/O events.
#include <string>
#include <vector>

#include "reports/stall_marks.hpp"
#include "reports/timeline_model.hpp"

namespace harness {

// `stalls` (the path-switch check's, stall_marks.hpp) are bracketed above the I/O rate with
// their limit and releasing event; the model's journal path-failure lines are ticked on it.
std::string render_timeline_svg(const TimelineModel& model,
                                const std::vector<StallMark>& stalls = {});

// A nice axis step (1, 2 or 5 times a power of ten) giving at most `max_ticks` ticks over `span`.
double nice_step(double span, int max_ticks);

}  // namespace harness
