#include "harness/checks/anatomy.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "harness/core/units.hpp"

namespace harness::checks {
namespace {

using nlohmann::json;

bool ends(Step s, const LayerEvent& e) {
  const auto sig = ending_signals(s);
  if (std::find(sig.begin(), sig.end(), e.signal) == sig.end()) return false;
  // A promotion ends the target's switch only for the target's resource: DRBD's own promotion
  // is the data layer's.
  if (s == Step::target_switch && e.signal == Signal::promote_done && e.subject.starts_with("drbd"))
    return false;
  // The hypervisor cutting a node's power is the fencing done only when nobody in the harness
  // asked for it (lifecycle events carry their cause as subject).
  if (s == Step::fencing && e.signal == Signal::power_off) return e.subject == "external";
  return true;
}

// The instant of the fault: QEMU's stamp of the node's vCPUs stopping, or of its power-off,
// when it falls within the harness's call; else the inject itself (between the call's start
// and end).
LayerEvent fault_instant(const HistoryView& v, const LayerEvents& layer, const FaultWindow& w) {
  const Event& inj = v.at(w.inject);
  LayerEvent f;
  for (const auto& e : layer.events)
    if (e.event == w.inject) f = e;
  const std::int64_t call_end = f.t_ns + f.late_ns;
  for (const auto& e : layer.events) {
    if (e.t_ns > call_end + kNsPerMs) break;
    if (e.source == Source::qemu_stamp && e.node == inj.node && e.t_ns >= f.t_ns - kNsPerMs &&
        (e.signal == Signal::vcpus_stopped || e.signal == Signal::power_off))
      return e;
  }
  return f;
}

// The fault's removal before `until`: QEMU's stamp of the node resuming, else the heal event.
std::optional<LayerEvent> removal(const HistoryView& v, const LayerEvents& layer,
                                  const FaultWindow& w, std::int64_t after, std::int64_t until) {
  if (!w.heal) return std::nullopt;
  const Event& inj = v.at(w.inject);
  std::optional<LayerEvent> heal;
  for (const auto& e : layer.events)
    if (e.event == *w.heal) heal = e;
  if (!heal) return std::nullopt;
  for (const auto& e : layer.events) {
    if (e.t_ns > heal->t_ns + heal->late_ns + kNsPerMs) break;
    if (e.source == Source::qemu_stamp && e.node == inj.node && e.signal == Signal::vcpus_resumed &&
        e.t_ns >= heal->t_ns - kNsPerMs && e.t_ns > after && e.t_ns <= until)
      return e;
  }
  if (heal->t_ns > after && heal->t_ns <= until) return heal;
  return std::nullopt;
}

// Whom a fencing step's end says was fenced: the fencer's target, or the node whose power the
// hypervisor cut.
std::string fenced_node(const LayerEvent& e) {
  return e.signal == Signal::power_off ? e.node : e.subject;
}

// In a split brain both sides ask to fence; the decision on the path is the request that was
// carried out, even when the other side asked a moment earlier.
void decide_for_the_fenced(const LayerEvents& layer, Anatomy& a) {
  const auto d = std::find_if(a.steps.begin(), a.steps.end(),
                              [](const AnatomyStep& s) { return s.step == Step::decision; });
  if (d == a.steps.end() || d + 1 == a.steps.end()) return;
  const auto f = d + 1;
  if (f->step != Step::fencing || d->to.signal != Signal::fence_requested) return;
  const std::string target = fenced_node(f->to);
  if (d->to.subject == target) return;
  for (const auto& e : layer.events) {
    if (e.t_ns < d->from.t_ns) continue;
    if (e.t_ns > f->to.t_ns) break;
    if (e.signal == Signal::fence_requested && e.subject == target) {
      d->to = e;
      f->from = e;
      return;
    }
  }
}

// The first event in (from, to] by which the cluster took the failover over: a node declared
// lost, a fencing or promotion decided, a fencing done. A removal after that (a killed node
// restarted once the survivor had fenced it) released nothing.
std::optional<LayerEvent> cluster_acted(const LayerEvents& layer, std::int64_t from, std::int64_t to) {
  for (const auto& e : layer.events) {
    if (e.t_ns <= from) continue;
    if (e.t_ns > to) break;
    for (Step s : {Step::membership, Step::decision, Step::fencing})
      if (ends(s, e)) return e;
  }
  return std::nullopt;
}

LayerEvent first_io_event(const HistoryView& v, const Stall& s, std::int64_t bound) {
  LayerEvent e;
  e.t_ns = s.end_ns;
  e.signal = Signal::io_completed;
  e.source = Source::fio_log;
  e.early_ns = e.late_ns = bound;
  e.event = v.io().ok_idx[*s.after];
  e.node = v.at(e.event).node;
  e.detail = v.at(e.event).what;
  return e;
}

// The initiator's mapping error as fio's summary recorded it, else the observers' estimate.
std::int64_t io_clock_bound(const HistoryView& v, const ClockBounds& clocks, const std::string& node) {
  std::int64_t b = -1;
  for (std::size_t i : v.others()) {
    const Event& e = v.at(i);
    if (e.kind == EventKind::verify && e.what == "io_summary" && e.data.contains("clock_bound_ns"))
      b = std::max(b, get_int(e.data, "clock_bound_ns"));
  }
  if (b >= 0) return b;
  return clocks.error_ns(node);
}

void open_loop(const HistoryView& v, const Stall& s, Anatomy& a) {
  if (!s.resumed || !s.after) return;
  const auto& io = v.io();
  const std::int64_t horizon = s.end_ns + s.length_ns() + 10 * kNsPerS;
  auto held = [&](std::int64_t t, std::int64_t lat) {
    const std::int64_t submit = t - lat;
    if (submit >= s.end_ns || t < s.end_ns) return;
    ++a.held_ios;
    if (!a.first_held_submit_ns || submit < *a.first_held_submit_ns) a.first_held_submit_ns = submit;
  };
  for (std::size_t j = *s.after; j < io.ok_t.size() && io.ok_t[j] <= horizon; ++j)
    held(io.ok_t[j], io.ok_lat[j]);
  // An I/O that failed was not served either: it was held until it failed.
  for (std::size_t i : io.err_idx) {
    const Event& e = v.at(i);
    if (e.t_ns >= s.end_ns && e.t_ns <= horizon) held(e.t_ns, get_int(e.data, "lat_ns"));
  }
}

}  // namespace

std::int64_t Anatomy::error_ns() const {
  return fault.error_ns() + (steps.empty() ? 0 : steps.back().to.error_ns());
}

Anatomy build_anatomy(const HistoryView& v, const ClockBounds& clocks, const LayerEvents& layer,
                      const FaultWindow& w, const Stall& s) {
  Anatomy a;
  a.inject_ns = w.start_ns;
  a.fault = fault_instant(v, layer, w);
  a.resumed = s.resumed;
  a.stall_start_ns = s.start_ns;
  a.stall_end_ns = s.end_ns;
  const std::int64_t until = s.end_ns;

  LayerEvent prev = a.fault;
  std::set<std::size_t> used{prev.event};
  auto take = [&](Step step, const LayerEvent& e) {
    a.steps.push_back({step, prev, e});
    used.insert(e.event);
    prev = e;
  };
  auto first_ending = [&](Step step) -> std::optional<LayerEvent> {
    std::optional<LayerEvent> found;
    for (const auto& e : layer.events) {
      if (e.t_ns < prev.t_ns) continue;
      if (e.t_ns > until) break;
      if (e.event == prev.event && e.signal == prev.signal) continue;
      if (!ends(step, e)) continue;
      if (!found) {
        found = e;
        continue;
      }
      // The same thing told by another source within the first one's bounds (the fencer's
      // journal line inside the second the fence history rounds to): the tighter one stands.
      if (e.t_ns > found->t_ns + found->late_ns) break;
      if (e.signal == found->signal && e.subject == found->subject && e.error_ns() < found->error_ns())
        found = e;
    }
    return found;
  };

  std::span<const Step> sequence = failover_steps();
  if (auto r = removal(v, layer, w, a.fault.t_ns, until)) {
    if (auto acted = cluster_acted(layer, a.fault.t_ns, r->t_ns)) {
      a.notes.push_back(fmt::format(
          "the fault was removed at +{:.3f} s, after the cluster had acted ({} at +{:.3f} s): "
          "the failover, not the removal, is the path",
          secs(r->t_ns - a.inject_ns), to_string(acted->signal), secs(acted->t_ns - a.inject_ns)));
    } else {
      take(Step::fault_removed, *r);
      sequence = after_removal_steps();
    }
  }
  for (Step step : sequence)
    if (auto e = first_ending(step)) take(step, *e);
  decide_for_the_fenced(layer, a);

  if (s.resumed && s.after) {
    const std::string node = v.at(v.io().ok_idx[*s.after]).node;
    take(Step::first_io, first_io_event(v, s, io_clock_bound(v, clocks, node)));
    // The releasing step: the last one before the first I/O, when its end lies inside the stall
    // (a layer event before the I/O stopped released nothing).
    if (a.steps.size() == 1)
      a.notes.push_back("no layer event between the fault and the first I/O");
    if (a.steps.size() >= 2) {
      const AnatomyStep& r = a.steps[a.steps.size() - 2];
      if (r.end_ns() + r.to.late_ns >= s.start_ns)
        a.releasing = a.steps.size() - 2;
      else
        a.notes.push_back(fmt::format(
            "no layer event inside the stall: the last one ({}) came {:.3f} s before I/O stopped",
            to_string(r.to.signal), secs(s.start_ns - r.end_ns())));
    }
  }

  for (const auto& e : layer.events) {
    if (e.t_ns < s.start_ns) continue;
    if (e.t_ns > s.end_ns || a.off_path.size() >= 30) break;
    // The harness's own calls are the fault's bounds, not something a layer did meanwhile.
    if (!used.count(e.event) && e.source != Source::harness_call) a.off_path.push_back(e);
  }
  open_loop(v, s, a);
  std::set<std::string> unmapped;
  for (const auto& st : a.steps)
    if (guest_clock(st.to.source) && !clocks.known(st.to.node)) unmapped.insert(st.to.node);
  for (const auto& n : unmapped)
    a.notes.push_back(fmt::format("no clock offset recorded for {}: its bounds leave out the "
                                  "mapping error", n));
  if (layer.dropped)
    a.notes.push_back(fmt::format(
        "{} guest-stamped layer event(s) fell where their node was off or paused: dropped "
        "(their clock offset was wrong there)",
        layer.dropped));
  return a;
}

json anatomy_json(const Anatomy& a) {
  auto rel = [&](std::int64_t t) { return secs(t - a.inject_ns); };
  json steps = json::array(), durations = json::object();
  for (const auto& st : a.steps) {
    steps.push_back({{"step", to_string(st.step)},
                     {"layer", to_string(st.to.layer())},
                     {"start_s", rel(st.start_ns())},
                     {"end_s", rel(st.end_ns())},
                     {"duration_s", secs(st.duration_ns())},
                     {"error_s", secs(st.error_ns())},
                     {"from", describe(st.from)},
                     {"to", describe(st.to)},
                     {"source", to_string(st.to.source)},
                     {"detail", st.to.detail}});
    durations[std::string(to_string(st.step))] = secs(st.duration_ns());
  }
  json j = {{"fault", describe(a.fault)},
            {"fault_at_s", rel(a.fault.t_ns)},
            {"fault_error_s", secs(a.fault.error_ns())},
            {"steps", std::move(steps)},
            {"durations", std::move(durations)},
            {"span_s", secs(a.span_ns())},
            {"error_s", secs(a.error_ns())},
            {"stall_s", secs(a.stall_end_ns - a.stall_start_ns)},
            {"stall_start_s", rel(a.stall_start_ns)},
            {"resumed", a.resumed},
            {"released_by_step", json()},
            {"released_by", json()},
            {"released_by_s", json()},
            {"released_by_detail", json()}};
  if (a.releasing) {
    const AnatomyStep& r = a.steps[*a.releasing];
    j["released_by_step"] = to_string(r.step);
    j["released_by"] = describe(r.to);
    j["released_by_s"] = rel(r.end_ns());
    j["released_by_detail"] = r.to.detail;
  }
  json open = {{"held_ios", a.held_ios}, {"first_held_submit_s", json()}, {"open_loop_stall_s", json()}};
  if (a.first_held_submit_ns) {
    open["first_held_submit_s"] = rel(*a.first_held_submit_ns);
    open["open_loop_stall_s"] = secs(a.stall_end_ns - *a.first_held_submit_ns);
  }
  j["open_loop"] = std::move(open);
  json off = json::array();
  for (const auto& e : a.off_path) off.push_back(fmt::format("+{:.3f} s {}", rel(e.t_ns), describe(e)));
  j["off_path"] = std::move(off);
  j["notes"] = a.notes;
  return j;
}

}  // namespace harness::checks
