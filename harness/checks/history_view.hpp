#pragma once
// Queries the three checkers share, computed once per check from one sorted snapshot of the
// History: the successful-I/O timeline, fault windows (inject → heal), roles, and the longest
// completion gap over a window. Definitions live here so that path_switch and fencing measure
// "the stall" the same way (docs/CHECKS.md explains them).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/core/history.hpp"

namespace harness::checks {

// Tolerant readers of event data: a missing key or a value of the wrong type gives the default,
// so one malformed producer field degrades a metric instead of aborting every check.
std::int64_t get_int(const nlohmann::json& data, const char* key, std::int64_t def = 0);
std::string get_str(const nlohmann::json& data, const char* key);
std::optional<bool> get_bool(const nlohmann::json& data, const char* key);
std::optional<double> get_num(const nlohmann::json& data, const char* key);

// Successful completions only (data.error == 0): an errored I/O is not the storage serving I/O.
struct IoTimeline {
  std::vector<std::int64_t> ok_t;    // completion stamps, ascending
  std::vector<std::int64_t> ok_lat;  // their lat_ns, same index
  std::vector<std::size_t> ok_idx;   // index of each into HistoryView::events()
  std::vector<std::size_t> err_idx;  // io events with error != 0
  std::size_t total = 0;             // all io events
};

struct FaultWindow {
  std::size_t inject = 0;             // index of the inject event
  std::optional<std::size_t> heal;    // index of its heal event, if any
  std::int64_t start_ns = 0;          // the fault instant
  std::int64_t end_ns = 0;            // heal instant, else the end of the history
  std::string step;                   // data.step of the inject
};

// The longest interval without a successful completion that overlaps a window.
struct Stall {
  std::int64_t start_ns = 0;          // last success before it, or the fault instant
  std::int64_t end_ns = 0;            // first success after it, or the end of I/O
  bool resumed = false;               // ended by a successful completion
  std::optional<std::size_t> before;  // index into IoTimeline::ok_* of the completion before
  std::optional<std::size_t> after;   // index into IoTimeline::ok_* of the completion ending it
  std::int64_t length_ns() const { return end_ns - start_ns; }
};

struct Roles {
  std::string active;
  std::string standby;
  std::size_t event = 0;  // index of the note/roles event
};

class HistoryView {
 public:
  explicit HistoryView(const History& history);

  const std::vector<Event>& events() const { return events_; }
  const Event& at(std::size_t i) const { return events_[i]; }
  const IoTimeline& io() const { return io_; }
  // Indices of every event that is not io, in time order (observations, faults, fences...).
  const std::vector<std::size_t>& others() const { return others_; }
  const std::vector<FaultWindow>& faults() const { return faults_; }

  std::int64_t first_ns() const { return events_.empty() ? 0 : events_.front().t_ns; }
  std::int64_t last_ns() const { return events_.empty() ? 0 : events_.back().t_ns; }
  // Where a stall that I/O never ended is cut: the workload phase's end/failed mark if it comes
  // at or after the last successful I/O, else the last event of the history.
  std::int64_t io_end_ns() const { return io_end_ns_; }
  // True when the workload phase ended with state "end" after the last success: the quiet tail
  // after it is the workload finishing, not a stall.
  bool workload_ended_normally() const { return workload_ended_normally_; }
  // Workload start (phase workload begin), else the first event: the base for "at_s" figures.
  std::int64_t workload_begin_ns() const { return workload_begin_ns_; }

  // The note/roles recorded last at or before the first inject (the last one at all if no
  // fault was injected).
  const std::optional<Roles>& roles() const { return roles_; }
  // "active"/"standby" through roles(); node names unchanged. nullopt if a role is unresolved.
  std::optional<std::string> resolve(std::string_view name) const;

  // Longest completion gap overlapping [from, to]. Never empty: with no success after `from`
  // the stall runs to io_end_ns() with resumed == false.
  Stall stall_in(std::int64_t from, std::int64_t to) const;
  // Index into IoTimeline::ok_* of the first success with t >= t_ns (size() if none).
  std::size_t first_ok_at_or_after(std::int64_t t_ns) const;
  // The fault window whose inject is the last one at or before t_ns.
  const FaultWindow* fault_before(std::int64_t t_ns) const;

 private:
  std::vector<Event> events_;
  IoTimeline io_;
  std::vector<std::size_t> others_;
  std::vector<FaultWindow> faults_;
  std::optional<Roles> roles_;
  std::int64_t io_end_ns_ = 0;
  bool workload_ended_normally_ = false;
  std::int64_t workload_begin_ns_ = 0;
};

// Nearest-rank percentile (p in (0,1]) of the values; nullopt when empty.
std::optional<std::int64_t> percentile(std::vector<std::int64_t> values, double p);

// Seconds with millisecond precision, as reported in metrics.
double secs(std::int64_t ns);

// A bounded, de-duplicated set of evidence events, emitted in time order as history.jsonl lines.
class Evidence {
 public:
  explicit Evidence(std::size_t cap = 20) : cap_(cap) {}
  // Returns false (and drops it) once the cap is reached.
  bool add(std::size_t event_index);
  void add(std::optional<std::size_t> event_index) {
    if (event_index) add(*event_index);
  }
  bool full() const { return idx_.size() >= cap_; }
  nlohmann::json to_json(const HistoryView& view) const;

 private:
  std::size_t cap_;
  std::vector<std::size_t> idx_;
};

}  // namespace harness::checks
