#pragma once
// What the HTML timeline shows, computed from the History in one pass and kept small whatever
// the history's size: I/O is bucketed (never one element per I/O), states are kept only where
// they change. Drawing is timeline_svg.cpp's job; this is the part the tests check numbers on.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "harness/core/event.hpp"

namespace harness {

struct IoBuckets {
  std::int64_t bucket_ns = 100'000'000;   // 100 ms unless the run is too long to draw that fine
  std::vector<std::uint32_t> completions; // I/Os completed in the bucket (any result)
  std::vector<std::uint32_t> errors;      // of which with data.error != 0
  std::vector<std::int64_t> max_lat_ns;   // -1 where nothing completed
};

struct FaultWindow {
  std::int64_t inject_ns = 0;
  std::int64_t heal_ns = 0;    // == range end when never healed
  bool healed = false;
  std::string type;            // link_cut, node_kill, ...
  std::string node;
  std::string step;
};

struct Marker {
  std::int64_t t_ns = 0;
  std::string kind;    // lifecycle | fence
  std::string label;   // short, drawn: "n1 destroyed"
  std::string detail;  // long, shown on hover
  bool bad = false;    // a fence that failed, an external destroy
};

// One state lane row (e.g. "paths n1", "ALUA n2"): the state holds from `from_ns` until the next
// span starts (the last one until the range end).
struct StateSpan {
  std::int64_t from_ns = 0;
  std::string label;
  std::string tone;    // good | warn | bad | info | off  (a CSS class)
  std::string detail;
};

struct StateRow {
  std::string lane;    // paths | path (one path device) | io_path | alua | cluster
  std::string name;    // drawn at the left
  std::vector<StateSpan> spans;
};

// A journal line of the initiator saying a path was failed or found down (the kernel's
// "Failing path 8:0", multipathd's "sda: mark as failed"; harness/checks/path_loss_log.hpp).
struct PathLossLine {
  std::int64_t t_ns = 0;
  std::string dev;      // sda
  std::string node;     // the node whose journal it is
  std::string message;  // "unit: message", as the journal prints it
};

struct TimelineModel {
  std::int64_t origin_ns = 0;   // x = 0: workload begin, else the first I/O, else first event
  std::string origin_label;
  std::int64_t start_ns = 0;    // drawn range
  std::int64_t end_ns = 0;
  IoBuckets io;
  std::size_t io_total = 0;
  std::size_t io_errors = 0;
  std::int64_t io_max_lat_ns = 0;
  std::vector<FaultWindow> faults;
  std::vector<Marker> markers;
  std::vector<StateRow> rows;
  std::size_t markers_dropped = 0;  // beyond kMaxMarkers
  std::vector<PathLossLine> path_losses;  // in time order, at most kMaxPathLossLines
  std::size_t path_losses_dropped = 0;
};

inline constexpr std::size_t kMaxTimelineBuckets = 3000;
inline constexpr std::size_t kMaxMarkers = 400;
inline constexpr std::size_t kMaxPathLossLines = 200;

// `events` sorted by time (History::events() is).
TimelineModel build_timeline(const std::vector<Event>& events,
                             std::size_t max_buckets = kMaxTimelineBuckets);

}  // namespace harness
