#pragma once
// How far each node's guest-stamped events may be off on the History's clock, read from the
// clock offsets the observers record (note/clock, at their start and at their end): the
// estimate's own bound (half the best round trip) plus the drift between the two estimates, since
// the observers map every stamp with the offset measured at their start. A node paused for 3 s
// comes back with its wall clock 3 s behind, and that shows here as 3 s of drift.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "harness/checks/history_view.hpp"

namespace harness::checks {

struct NodeClock {
  std::int64_t bound_ns = 0;  // the largest recorded estimate bound
  std::int64_t drift_ns = 0;  // |offset at the end - offset at the start|, 0 with one estimate
  std::int64_t error_ns() const { return bound_ns + drift_ns; }
};

class ClockBounds {
 public:
  explicit ClockBounds(const HistoryView& view);
  // The mapping error of `node`'s stamps; 0 for a node without a recorded offset (then
  // known(node) is false and the anatomy says so).
  std::int64_t error_ns(const std::string& node) const;
  bool known(const std::string& node) const { return nodes_.count(node) > 0; }
  const std::map<std::string, NodeClock>& nodes() const { return nodes_; }

 private:
  std::map<std::string, NodeClock> nodes_;
};

}  // namespace harness::checks
