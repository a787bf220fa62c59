#include "harness/checks/layer_events.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include <fmt/format.h>

#include "drivers/corosync/events.hpp"
#include "drivers/drbd/events.hpp"
#include "drivers/iscsi/events.hpp"
#include "drivers/libvirt/events.hpp"
#include "drivers/lio/events.hpp"
#include "drivers/multipath/events.hpp"
#include "drivers/observers/events.hpp"
#include "drivers/pacemaker/events.hpp"
#include "harness/core/units.hpp"

namespace harness::checks {
namespace {

using nlohmann::json;

std::vector<SignalWord> log_signals(const std::string& unit, const std::string& message) {
  std::vector<SignalWord> out;
  for (auto* read : {&corosync_log_signals, &pacemaker_log_signals, &drbd_log_signals,
                     &multipath_log_signals, &iscsi_log_signals}) {
    auto w = read(unit, message);
    out.insert(out.end(), w.begin(), w.end());
  }
  return out;
}

std::vector<SignalWord> observation_signals(const std::string& what, const json& before,
                                            const json& after) {
  if (what == "crm") return crm_observation_signals(before, after);
  if (what == "drbd") return drbd_observation_signals(before, after);
  if (what == "corosync") return corosync_observation_signals(before, after);
  if (what == "alua") return alua_observation_signals(before, after);
  if (what == "multipath") return multipath_observation_signals(before, after);
  return {};
}

// Spans in which a node could neither log nor be sampled: from a power-off or a vCPU stop to the
// next power-on or resume (or the end).
using Spans = std::map<std::string, std::vector<std::pair<std::int64_t, std::int64_t>>>;

Spans down_spans(const HistoryView& v) {
  Spans spans;
  std::map<std::string, std::int64_t> open;
  for (std::size_t i : v.others()) {
    const Event& e = v.at(i);
    if (e.kind != EventKind::lifecycle) continue;
    if (is_down(e.what)) {
      open.try_emplace(e.node, e.t_ns);
    } else if (restores_power(e.what) || e.what == "resumed") {
      if (auto it = open.find(e.node); it != open.end()) {
        spans[e.node].push_back({it->second, e.t_ns});
        open.erase(it);
      }
    }
  }
  for (const auto& [node, from] : open) spans[node].push_back({from, v.last_ns() + 1});
  return spans;
}

// The stamp alone decides: a line stamped where its node could not write is wrong by
// construction, however wide its bound.
bool inside(const Spans& spans, const LayerEvent& e) {
  auto it = spans.find(e.node);
  if (it == spans.end()) return false;
  for (const auto& [from, to] : it->second)
    if (e.t_ns > from && e.t_ns < to) return true;
  return false;
}

}  // namespace

LayerEvents read_layer_events(const HistoryView& v, const ClockBounds& clocks) {
  LayerEvents out;
  const Spans down = down_spans(v);
  const std::int64_t interval = seconds_to_ns(kStateSampleIntervalS);
  std::map<std::string, json> last;  // node/what -> previous observation

  auto add = [&](std::size_t i, const SignalWord& w, Source src, const std::string& node,
                 std::string detail, std::int64_t extra_early, std::int64_t extra_late) {
    const Event& e = v.at(i);
    LayerEvent le;
    le.t_ns = e.t_ns;
    le.signal = w.signal;
    le.subject = w.subject;
    le.source = src;
    le.node = node;
    le.detail = std::move(detail);
    le.event = i;
    const SourceBounds b = source_bounds(src);
    const std::int64_t map = guest_clock(src) ? clocks.error_ns(node) : 0;
    le.early_ns = b.early_ns + map + extra_early;
    le.late_ns = b.late_ns + map + extra_late;
    if (guest_clock(src) && inside(down, le)) {
      ++out.dropped;
      return;
    }
    out.events.push_back(std::move(le));
  };

  for (std::size_t i : v.others()) {
    const Event& e = v.at(i);
    switch (e.kind) {
      case EventKind::inject:
      case EventKind::heal: {
        const std::int64_t end = get_int(e.data, "call_end_ns", e.t_ns);
        add(i, {e.kind == EventKind::inject ? Signal::fault_injected : Signal::fault_removed,
                get_str(e.data, "step")},
            Source::harness_call, e.node, e.what, 0, std::max<std::int64_t>(0, end - e.t_ns));
        break;
      }
      case EventKind::lifecycle: {
        auto sig = lifecycle_signal(e.what);
        if (!sig) break;
        const std::string cause = get_str(e.data, "cause");
        if (get_str(e.data, "stamp") == "qemu") {
          add(i, {*sig, cause}, Source::qemu_stamp, e.node, e.what, 0, 0);
        } else {
          // A harness action's event arrived after its call began: that start bounds it.
          const std::int64_t start = get_int(e.data, "call_start_ns", 0);
          const std::int64_t early =
              start > 0 ? std::max<std::int64_t>(0, e.t_ns - start) -
                              source_bounds(Source::libvirt_event).early_ns
                        : 0;
          add(i, {*sig, cause}, Source::libvirt_event, e.node, e.what, early, 0);
        }
        break;
      }
      case EventKind::fence:
        if (auto w = fence_record_signal(e)) {
          std::string seen = get_str(e.data, "seen_by");
          add(i, *w, Source::fence_history, seen.empty() ? e.node : seen,
              fmt::format("{} of {} by {}", e.what, e.node, get_str(e.data, "executioner")), 0, 0);
        }
        break;
      case EventKind::observation: {
        if (e.what == "log") {
          const std::string unit = get_str(e.data, "unit"), message = get_str(e.data, "message");
          for (const auto& w : log_signals(unit, message))
            add(i, w, Source::journal, e.node, unit + ": " + message.substr(0, 200), 0, 0);
          break;
        }
        auto [it, first] = last.try_emplace(e.node + '/' + e.what, e.data);
        if (first) break;
        for (const auto& w : observation_signals(e.what, it->second, e.data))
          add(i, w, Source::poll, e.node, e.what + " sample", interval, 0);
        it->second = e.data;
        break;
      }
      default: break;
    }
  }
  std::stable_sort(out.events.begin(), out.events.end(),
                   [](const LayerEvent& a, const LayerEvent& b) { return a.t_ns < b.t_ns; });
  return out;
}

std::string describe(const LayerEvent& e) {
  return fmt::format("{} {}{}{} ({}, {})", to_string(e.layer()), to_string(e.signal),
                     e.subject.empty() ? "" : " ", e.subject, e.node.empty() ? "harness" : e.node,
                     to_string(e.source));
}

}  // namespace harness::checks
