#include "harness/checks/path_switch.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "harness/checks/anatomy.hpp"
#include "harness/checks/history_view.hpp"
#include "harness/checks/path_loss_log.hpp"
#include "drivers/faults/events.hpp"
#include "drivers/libvirt/events.hpp"
#include "harness/core/units.hpp"

namespace harness {
namespace {

using checks::HistoryView;
using checks::secs;
using nlohmann::json;

constexpr std::int64_t kBeginning = std::numeric_limits<std::int64_t>::min();

// Positions [first, second) in view.others() of the non-io events stamped within [from, to].
std::pair<std::size_t, std::size_t> others_between(const HistoryView& v, std::int64_t from,
                                                   std::int64_t to) {
  const auto& o = v.others();
  auto lo = std::lower_bound(o.begin(), o.end(), from,
                             [&](std::size_t i, std::int64_t t) { return v.at(i).t_ns < t; });
  auto hi = std::upper_bound(o.begin(), o.end(), to,
                             [&](std::int64_t t, std::size_t i) { return t < v.at(i).t_ns; });
  return {static_cast<std::size_t>(lo - o.begin()), static_cast<std::size_t>(hi - o.begin())};
}

bool is_obs(const Event& e, std::string_view what) {
  return e.kind == EventKind::observation && e.what == what;
}

// Observers report a layer's state when it changes, so a state that held on after `t` may
// have been observed only before it. The observation of `what` that describes the state after
// `t` (up to `to`): the first (or, with `latest`, the last) one in (t, to], else the last one in
// [from, t]. `from` is the fault: a state seen only before it says nothing about the failover.
std::optional<std::size_t> state_after(const HistoryView& v, std::string_view what,
                                       std::int64_t from, std::int64_t t, std::int64_t to,
                                       bool latest) {
  const auto& o = v.others();
  auto [a, b] = others_between(v, t + 1, to);
  if (latest) {
    for (std::size_t p = b; p-- > a;)
      if (is_obs(v.at(o[p]), what)) return o[p];
  } else {
    for (std::size_t p = a; p < b; ++p)
      if (is_obs(v.at(o[p]), what)) return o[p];
  }
  auto [a0, b0] = others_between(v, from, t);
  for (std::size_t p = b0; p-- > a0;)
    if (is_obs(v.at(o[p]), what)) return o[p];
  return std::nullopt;
}

struct FaultResult {
  checks::Stall stall;
  json m = json::object();
  std::vector<std::string> failures;
  std::vector<std::size_t> evidence;  // most relevant first
};

// Which group had every path failed, per multipath observation: paths per group, active ones.
std::map<std::string, std::pair<int, int>> group_paths(const Event& e) {
  std::map<std::string, std::pair<int, int>> g;
  auto it = e.data.find("paths");
  if (it == e.data.end() || !it->is_array()) return g;
  for (const auto& p : *it) {
    auto& [n, active] = g[checks::get_str(p, "group")];
    ++n;
    if (checks::get_str(p, "state") == "active") ++active;
  }
  return g;
}

// The path devices of group `g` in a multipath observation.
std::set<std::string> group_devs(const Event& e, const std::string& g) {
  std::set<std::string> devs;
  auto it = e.data.find("paths");
  if (it == e.data.end() || !it->is_array()) return devs;
  for (const auto& p : *it)
    if (checks::get_str(p, "group") == g) devs.insert(checks::get_str(p, "dev"));
  return devs;
}

// The ledger's open-loop view of this stall (docs/LEDGER.md), when it ran beside fio: of its
// late-write episodes, the one that overlaps the stall most. Its first held write's submission
// is when service stopped, which fio's closed loop (the gap between completions) cannot say.
void ledger_view(const HistoryView& v, const checks::Stall& s, std::int64_t ws, json& m) {
  json best;
  std::int64_t best_overlap = -1;
  for (std::size_t i : v.others()) {
    const Event& e = v.at(i);
    if (e.kind != EventKind::verify || e.what != "ledger_log") continue;
    const auto it = e.data.find("late_episodes");
    if (it == e.data.end() || !it->is_array()) continue;
    for (const auto& ep : *it) {
      if (!ep.is_object() || !ep.contains("first_submit_ns")) continue;
      const std::int64_t a = ep["first_submit_ns"].get<std::int64_t>();
      const std::int64_t b = ep.contains("last_complete_ns") && ep["last_complete_ns"].is_number()
                                 ? ep["last_complete_ns"].get<std::int64_t>()
                                 : s.end_ns;
      const std::int64_t overlap = std::min(b, s.end_ns) - std::max(a, s.start_ns);
      if (overlap >= 0 && overlap > best_overlap) {
        best_overlap = overlap;
        best = ep;
      }
    }
  }
  if (best.is_null()) return;
  const std::int64_t a = best["first_submit_ns"].get<std::int64_t>();
  m["ledger_first_held_submit_s"] = secs(a - ws);
  m["ledger_held_writes"] = best.value("writes", 0);
  m["ledger_stall_s"] = best.contains("last_complete_ns") && best["last_complete_ns"].is_number()
                            ? json(secs(best["last_complete_ns"].get<std::int64_t>() - a))
                            : json();
}

FaultResult analyse(const HistoryView& v, const checks::ClockBounds& clocks,
                    const checks::LayerEvents& layer, const checks::FaultWindow& w) {
  FaultResult r;
  const Event& inj = v.at(w.inject);
  const auto& io = v.io();
  const auto& o = v.others();
  const std::int64_t ws = w.start_ns, we = w.end_ns;
  const checks::Stall s = v.stall_in(ws, we);
  r.stall = s;
  json& m = r.m;
  r.evidence.push_back(w.inject);
  if (w.heal) r.evidence.push_back(*w.heal);
  if (s.before) r.evidence.push_back(io.ok_idx[*s.before]);
  if (s.after) r.evidence.push_back(io.ok_idx[*s.after]);

  m["step"] = w.step;
  m["fault"] = inj.what;
  m["node"] = inj.node;
  m["at_s"] = secs(ws - v.workload_begin_ns());
  m["healed"] = w.heal.has_value();
  m["window_s"] = secs(we - ws);

  // When I/O came back: the completion that ended the window's longest stall, not the first
  // completion after the fault, which an I/O already in flight makes a few milliseconds. A
  // longest gap under a second is the lab's own jitter (a TCG lab leaves gaps of 0.6-0.7 s with
  // no fault at all): I/O did not stop, and its first completion after the fault is the answer.
  constexpr std::int64_t kJitterNs = kNsPerS;
  const auto first_after = std::upper_bound(io.ok_t.begin(), io.ok_t.end(), ws);
  if (s.resumed && s.length_ns() >= kJitterNs)
    m["time_to_first_io_s"] = secs(s.end_ns - ws);
  else
    m["time_to_first_io_s"] = s.resumed && first_after != io.ok_t.end() ? json(secs(*first_after - ws)) : json();
  m["longest_stall_s"] = secs(s.length_ns());
  m["stall_start_s"] = secs(s.start_ns - ws);
  m["stall_end_s"] = secs(s.end_ns - ws);
  m["resumed"] = s.resumed;
  ledger_view(v, s, ws, m);

  // Successful I/O completed inside the window, and its tail latency.
  const auto lo = static_cast<std::size_t>(
      std::lower_bound(io.ok_t.begin(), io.ok_t.end(), ws) - io.ok_t.begin());
  const auto hi = static_cast<std::size_t>(
      std::upper_bound(io.ok_t.begin(), io.ok_t.end(), we) - io.ok_t.begin());
  m["io_in_window"] = hi - lo;
  const auto p99 = checks::percentile(
      std::vector<std::int64_t>(io.ok_lat.begin() + static_cast<std::ptrdiff_t>(lo),
                                io.ok_lat.begin() + static_cast<std::ptrdiff_t>(hi)),
      0.99);
  m["p99_latency_s"] = p99 ? json(secs(*p99)) : json();
  std::size_t errors_in_window = 0, errors_shown = 0;
  for (std::size_t i : io.err_idx) {
    const std::int64_t t = v.at(i).t_ns;
    if (t < ws || t > we) continue;
    ++errors_in_window;
    // Errors inside the stall show that I/O was attempted and failed, not that it resumed.
    if (t >= s.start_ns && t <= s.end_ns && errors_shown < 3) {
      r.evidence.push_back(i);
      ++errors_shown;
    }
  }
  m["io_errors_in_window"] = errors_in_window;

  // The releasing event: the end of the anatomy's releasing step, a layer event; log lines
  // and observations no vocabulary reads stay evidence only.
  const checks::Anatomy anatomy = checks::build_anatomy(v, clocks, layer, w, s);
  m["anatomy"] = checks::anatomy_json(anatomy);
  for (const char* k : {"released_by_step", "released_by", "released_by_s", "released_by_detail"})
    m[k] = m["anatomy"][k];
  if (anatomy.releasing) r.evidence.insert(r.evidence.begin() + 1, anatomy.steps[*anatomy.releasing].to.event);

  // Path groups carrying I/O before the fault and after the stall (path_io observations).
  std::string group_before, group_after;
  {
    auto [a, b] = others_between(v, kBeginning, ws);
    for (std::size_t p = b; p-- > a;) {
      const Event& e = v.at(o[p]);
      if (is_obs(e, "path_io")) {
        group_before = checks::get_str(e.data, "group");
        r.evidence.push_back(o[p]);
        break;
      }
    }
  }
  if (s.resumed) {
    if (auto p = state_after(v, "path_io", ws, s.end_ns, we, false)) {
      group_after = checks::get_str(v.at(*p).data, "group");
      r.evidence.push_back(*p);
    }
  }
  m["group_before"] = group_before.empty() ? json() : json(group_before);
  m["group_after"] = group_after.empty() ? json() : json(group_after);

  // Multipath switch: the last path of the failed group lost → the first I/O completed after.
  std::string failed_group = group_before;
  std::optional<std::int64_t> lost_t;
  std::optional<std::size_t> lost_obs;  // position in others
  {
    auto [a, b] = others_between(v, ws, we);
    for (std::size_t p = a; p < b && !lost_t; ++p) {
      const Event& e = v.at(o[p]);
      if (!is_obs(e, "multipath")) continue;
      for (const auto& [g, counts] : group_paths(e)) {
        const bool all_lost = counts.first > 0 && counts.second == 0;
        if (all_lost && (failed_group.empty() || g == failed_group)) {
          failed_group = g;
          lost_t = e.t_ns;
          lost_obs = p;
          break;
        }
      }
    }
  }
  // The snapshot says the group was gone by then; the initiator's journal says when: the
  // kernel or multipathd failing each of its paths. The last of them is the group's loss, when
  // every path has such a line between the fault and the snapshot.
  std::optional<std::size_t> last_loss_line;
  if (lost_obs) {
    const Event& snap = v.at(o[*lost_obs]);
    const std::set<std::string> devs = group_devs(snap, failed_group);
    std::map<std::string, std::size_t> first_line;
    auto [a, b] = others_between(v, ws, *lost_t);
    for (std::size_t p = a; p < b; ++p) {
      const Event& e = v.at(o[p]);
      if (!is_obs(e, "log") || e.node != snap.node) continue;
      const std::string dev = checks::lost_path_in_log(checks::get_str(e.data, "message"));
      if (devs.count(dev)) first_line.emplace(dev, p);
    }
    if (!devs.empty() && first_line.size() == devs.size()) {
      for (const auto& [dev, p] : first_line)
        if (!last_loss_line || v.at(o[p]).t_ns >= v.at(o[*last_loss_line]).t_ns) last_loss_line = p;
      lost_t = v.at(o[*last_loss_line]).t_ns;
      r.evidence.push_back(o[*last_loss_line]);
    }
    r.evidence.push_back(o[*lost_obs]);
  }
  m["group_lost"] = lost_t ? json(failed_group) : json();
  m["paths_lost_s"] = lost_t ? json(secs(*lost_t - ws)) : json();
  m["paths_lost_from"] = !lost_t ? json() : last_loss_line ? json("journal") : json("snapshot");
  m["multipath_switch_s"] = json();
  // Only when the loss was seen before I/O came back: a snapshot taken after the resumption
  // (observer cycles are seconds under TCG) says nothing about how long the switch took.
  if (lost_t && s.resumed && group_after != failed_group && *lost_t <= s.end_ns) {
    const std::size_t j = v.first_ok_at_or_after(*lost_t);
    if (j < io.ok_t.size() && io.ok_t[j] <= we) m["multipath_switch_s"] = secs(io.ok_t[j] - *lost_t);
  }

  // ALUA after failover: when the ALUA-active node was lost, the survivor's group must be
  // active/optimized in the last ALUA observation between the end of the stall and the heal.
  std::set<std::string> lost;
  if (injects_node_loss(inj) && !inj.node.empty()) lost.insert(inj.node);
  {
    auto [a, b] = others_between(v, ws, s.resumed ? s.end_ns : we);
    for (std::size_t p = a; p < b; ++p) {
      const Event& e = v.at(o[p]);
      if (e.kind == EventKind::lifecycle && ends_guest(e.what))
        lost.insert(e.node);
    }
  }
  std::string active_before;
  {
    auto [a, b] = others_between(v, kBeginning, ws);
    for (std::size_t p = b; p-- > a && active_before.empty();) {
      const Event& e = v.at(o[p]);
      if (!is_obs(e, "alua")) continue;
      auto g = e.data.find("groups");
      if (g == e.data.end() || !g->is_object()) continue;
      for (const auto& [node, state] : g->items())
        if (state.is_string() && state.get<std::string>() == "active/optimized") active_before = node;
    }
  }
  if (active_before.empty() && v.roles()) active_before = v.roles()->active;
  if (active_before.empty()) active_before = group_before;

  std::optional<std::size_t> alua_after;
  if (s.resumed) alua_after = state_after(v, "alua", ws, s.end_ns, we, true);
  m["alua_after"] = json();
  m["alua_survivor_optimized"] = json();
  if (alua_after) {
    const Event& e = v.at(*alua_after);
    auto g = e.data.find("groups");
    if (g != e.data.end() && g->is_object()) m["alua_after"] = *g;
    r.evidence.push_back(*alua_after);
    if (!active_before.empty() && lost.count(active_before) && g != e.data.end() &&
        g->is_object()) {
      bool ok = true, any_survivor = false;
      std::string states;
      for (const auto& [node, state] : g->items()) {
        if (lost.count(node)) continue;
        const std::string st = state.is_string() ? state.get<std::string>() : state.dump();
        states += fmt::format("{}{}={}", states.empty() ? "" : ", ", node, st);
        any_survivor = true;
        if (st != "active/optimized") ok = false;
      }
      ok = ok && any_survivor;
      m["alua_survivor_optimized"] = ok;
      if (!ok)
        r.failures.push_back(fmt::format(
            "after losing the ALUA-active node {} the survivor's group is not active/optimized "
            "({}) {:.3f} s after the fault",
            active_before, states.empty() ? "no surviving group in the observation" : states,
            secs(e.t_ns - ws)));
    }
  }
  if (v.roles()) r.evidence.push_back(v.roles()->event);
  return r;
}

std::string fault_name(const json& m) {
  return fmt::format("{} of {} (step {})", m["fault"].get<std::string>(),
                     m["node"].get<std::string>(), m["step"].get<std::string>());
}

}  // namespace

CheckResult PathSwitchChecker::check(const History& history) const {
  const HistoryView v(history);
  const auto& io = v.io();
  CheckResult r;
  r.name = name();
  r.metrics = {{"path_switch_max_s", max_s_},
               {"io_total", io.total},
               {"io_ok", io.ok_t.size()},
               {"fault_count", v.faults().size()}};
  checks::Evidence ev;
  for (const auto& w : v.faults()) ev.add(w.inject);

  if (io.total == 0) {
    r.verdict = Verdict::unknown;
    r.summary = "no I/O recorded: no stall can be measured";
    r.evidence = ev.to_json(v);
    return r;
  }
  if (v.faults().empty()) {
    r.verdict = Verdict::unknown;
    r.summary = "no fault injected: no path switch to measure";
    return r;
  }

  const checks::ClockBounds clocks(v);
  const checks::LayerEvents layer = checks::read_layer_events(v, clocks);
  std::vector<FaultResult> results;
  std::size_t worst = 0;
  for (const auto& w : v.faults()) {
    results.push_back(analyse(v, clocks, layer, w));
    if (results.back().stall.length_ns() > results[worst].stall.length_ns())
      worst = results.size() - 1;
  }

  const std::int64_t max_ns = seconds_to_ns(max_s_);
  std::vector<std::string> failures;
  auto faults = json::array();
  for (auto& fr : results) {
    if (!fr.stall.resumed)
      fr.failures.insert(fr.failures.begin(),
                         fmt::format("I/O did not resume after {}: no successful I/O from "
                                     "{:+.3f} s to the end of the {} ({:.3f} s)",
                                     fault_name(fr.m), fr.m["stall_start_s"].get<double>(),
                                     fr.stall.end_ns == v.last_ns() ? "history" : "workload",
                                     secs(fr.stall.length_ns())));
    else if (fr.stall.length_ns() > max_ns)
      fr.failures.insert(fr.failures.begin(),
                         fmt::format("I/O stalled {:.3f} s after {}, over the {:.3f} s limit",
                                     secs(fr.stall.length_ns()), fault_name(fr.m), max_s_));
    fr.m["failures"] = fr.failures;
    failures.insert(failures.end(), fr.failures.begin(), fr.failures.end());
    faults.push_back(fr.m);
  }

  // Flat figures of the worst fault first (JUnit properties), the per-fault table after.
  const FaultResult& w = results[worst];
  for (const auto& [k, val] : w.m.items())
    if (k != "failures") r.metrics[k] = val;
  r.metrics["worst_step"] = w.m["step"];
  r.metrics["faults"] = std::move(faults);

  for (std::size_t i : w.evidence) ev.add(i);
  for (const auto& fr : results)
    for (std::size_t k = 0; k < fr.evidence.size() && k < 4; ++k) ev.add(fr.evidence[k]);
  r.evidence = ev.to_json(v);

  if (!failures.empty()) {
    r.verdict = Verdict::fail;
    r.summary = failures.front();
    if (failures.size() > 1) r.summary += fmt::format(" (and {} more)", failures.size() - 1);
    return r;
  }
  r.verdict = Verdict::pass;
  r.summary = fmt::format("longest stall {:.3f} s (limit {:.3f} s) after {}; first I/O {:.3f} s "
                          "after the fault",
                          secs(w.stall.length_ns()), max_s_, fault_name(w.m),
                          w.m["time_to_first_io_s"].is_number()
                              ? w.m["time_to_first_io_s"].get<double>()
                              : 0.0);
  if (w.m["released_by"].is_string())
    r.summary += fmt::format(", released by the {} step: {} at +{:.3f} s",
                             w.m["released_by_step"].get<std::string>(),
                             w.m["released_by"].get<std::string>(),
                             w.m["released_by_s"].get<double>());
  if (w.m.contains("ledger_first_held_submit_s") && w.m["ledger_stall_s"].is_number())
    r.summary += fmt::format("; the ledger's open loop: {} writes held from +{:.3f} s, {:.3f} s",
                             w.m["ledger_held_writes"].get<std::int64_t>(),
                             w.m["ledger_first_held_submit_s"].get<double>(),
                             w.m["ledger_stall_s"].get<double>());
  return r;
}

}  // namespace harness
