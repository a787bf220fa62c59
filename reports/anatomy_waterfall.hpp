#pragma once
// The failover anatomy drawn as a waterfall (inline SVG, no script needed) for report.html: per
// fault, one bar per step from its start to its end on a shared axis of seconds after the
// fault, the releasing step marked, each bar's error bound as whiskers, the stall bracketed and
// the open loop's first held submission marked. Read from the path-switch check's result.
#include <string>

#include "harness/core/run_report.hpp"

namespace harness {

// "" when no check carries an anatomy.
std::string render_anatomy_waterfall(const RunReport& report);

}  // namespace harness
