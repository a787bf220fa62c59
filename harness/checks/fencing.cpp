#include "harness/checks/fencing.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "harness/checks/fence_race.hpp"
#include "harness/checks/fence_race_report.hpp"
#include "harness/checks/history_view.hpp"
#include "drivers/libvirt/events.hpp"
#include "harness/core/units.hpp"

namespace harness {
namespace {

using checks::get_str;
using checks::HistoryView;
using checks::secs;
using nlohmann::json;

// Lifecycle events of one node that lie this close to the first of a group are one power
// action (fence_virsh reboot = destroy, then start a few seconds later).
constexpr std::int64_t kActionGroupNs = 60 * kNsPerS;

// One thing the hypervisor did to a domain on someone else's behalf.
struct Action {
  std::int64_t t_ns = 0;  // first event of the group: the power-off, or the start
  bool off = false;       // destroyed or reset seen
  bool on = false;        // started or reset seen
  std::vector<std::size_t> events;
};

struct NodeFacts {
  std::vector<std::size_t> fence_ok;      // cluster: successful reboot/off of this node
  std::vector<std::size_t> fence_failed;  // cluster: attempts that did not succeed
  std::vector<Action> actions;            // hypervisor: external power actions
  std::optional<std::size_t> last_lifecycle;  // any cause: is the node up at the end
  std::vector<std::size_t> lifecycle;         // any cause, in order
};


// The node's last lifecycle event (any cause) at or before t_ns, if it is a power-off: the
// domain was already off then. fence_virsh "off" of a domain that is already off (a node_kill
// fault pulled its plug) succeeds without the hypervisor doing, or reporting, anything.
std::optional<std::size_t> off_at(const HistoryView& v, const NodeFacts& f, std::int64_t t_ns) {
  std::optional<std::size_t> last;
  for (std::size_t i : f.lifecycle)
    if (v.at(i).t_ns <= t_ns) last = i;
  if (last && is_power_off(v.at(*last).what)) return last;
  return std::nullopt;
}

// Adds an external lifecycle event to the node's actions. A power-off starts a new action
// unless the current one has had neither off nor on yet; a start joins the current action
// unless it already powered on. So destroyed+started is one action, and two destroy/start
// cycles 20 s apart are two, even inside the 60 s grouping window.
void add_to_actions(std::vector<Action>& actions, const Event& e, std::size_t idx) {
  const bool off = cuts_power(e.what);
  const bool on = restores_power(e.what);
  Action* cur = actions.empty() ? nullptr : &actions.back();
  const bool fits = cur && e.t_ns - cur->t_ns <= kActionGroupNs &&
                    (off ? !cur->off && !cur->on : !cur->on);
  if (!fits) {
    actions.push_back(Action{e.t_ns, false, false, {}});
    cur = &actions.back();
  }
  cur->off = cur->off || off;
  cur->on = cur->on || on;
  cur->events.push_back(idx);
}

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
  return out;
}

json names(const std::vector<std::string>& v) { return json(v); }

}  // namespace

CheckResult FencingChecker::check(const History& history) const {
  const HistoryView v(history);
  CheckResult r;
  r.name = name();
  // Room for both sides of a race (lost, request, delay, agent, result, power cut) next to
  // the fencing records, the fault and the I/O that resumed.
  checks::Evidence ev(40);
  if (v.roles()) ev.add(v.roles()->event);
  // The attempts first: the race is what a reader needs when the verdict is surprising.
  const checks::FenceStory story = checks::read_fence_story(v);
  if (!v.faults().empty()) ev.add(v.faults().front().inject);
  for (const auto& a : story.attempts)
    for (std::size_t i : a.events) ev.add(i);
  const std::int64_t base_ns = v.faults().empty() ? v.workload_begin_ns() : v.faults().front().start_ns;

  // Roles in the expectations mean the nodes that held them just before the first fault.
  std::vector<std::string> fenced, survivors, unresolved;
  auto resolve_all = [&](const std::vector<std::string>& in, std::vector<std::string>& out) {
    for (const auto& n : in) {
      auto node = v.resolve(n);
      if (node) out.push_back(*node);
      else unresolved.push_back(n);
    }
  };
  resolve_all(fenced_, fenced);
  resolve_all(survivors_, survivors);
  r.metrics["expected_fenced"] = names(fenced);
  r.metrics["expected_survivors"] = names(survivors);
  if (!unresolved.empty()) {
    r.verdict = Verdict::unknown;
    r.summary = fmt::format("expectations name the role(s) {} but no note/roles was recorded "
                            "before the first fault",
                            json(unresolved).dump());
    r.evidence = ev.to_json(v);
    return r;
  }

  // The lab's own teardown powers everything off: that is not the state the run left.
  std::optional<std::int64_t> teardown_ns;
  for (std::size_t i : v.others()) {
    const Event& e = v.at(i);
    if (e.kind == EventKind::phase && e.what == "teardown" && get_str(e.data, "state") == "begin") {
      teardown_ns = e.t_ns;
      break;
    }
  }

  std::map<std::string, NodeFacts> facts;
  bool lifecycle_seen = false;
  for (std::size_t i : v.others()) {
    const Event& e = v.at(i);
    if (e.kind == EventKind::lifecycle && teardown_ns && e.t_ns >= *teardown_ns) continue;
    if (e.kind == EventKind::lifecycle) {
      lifecycle_seen = true;
      auto& f = facts[e.node];
      f.last_lifecycle = i;
      f.lifecycle.push_back(i);
      // The harness's own destroy (node_kill) is a fault, not fencing.
      if (get_str(e.data, "cause") == "external" &&
          (cuts_power(e.what) || restores_power(e.what)))
        add_to_actions(f.actions, e, i);
    } else if (e.kind == EventKind::fence && (e.what == "reboot" || e.what == "off")) {
      auto& f = facts[e.node];
      (get_str(e.data, "status") == "success" ? f.fence_ok : f.fence_failed).push_back(i);
    }
  }

  std::vector<std::string> failures, missing;
  std::int64_t total_ok = 0, total_failed = 0, total_actions = 0;
  for (const auto& [node, f] : facts) {
    total_ok += static_cast<std::int64_t>(f.fence_ok.size());
    total_failed += static_cast<std::int64_t>(f.fence_failed.size());
    total_actions += static_cast<std::int64_t>(f.actions.size());
  }

  const std::set<std::string> expected(fenced.begin(), fenced.end());
  auto per_node = json::object();
  std::optional<std::int64_t> min_margin;
  for (const auto& node : expected) {
    const NodeFacts& f = facts[node];
    json nm = json::object();
    nm["cluster_successes"] = f.fence_ok.size();
    nm["cluster_failed"] = f.fence_failed.size();
    nm["hypervisor_actions"] = lifecycle_seen ? json(f.actions.size()) : json();
    auto executioners = json::array(), devices = json::array();
    for (std::size_t i : f.fence_ok) {
      executioners.push_back(get_str(v.at(i).data, "executioner"));
      // crm_mon's fencing history names the device only in some Pacemaker versions.
      if (auto d = get_str(v.at(i).data, "device"); !d.empty()) devices.push_back(d);
      ev.add(i);
    }
    nm["executioners"] = executioners;
    nm["devices"] = devices;
    for (const auto& a : f.actions)
      for (std::size_t i : a.events) ev.add(i);
    for (std::size_t i : f.fence_failed) ev.add(i);

    // Exactly once, seen from both sides.
    if (f.fence_ok.size() != 1)
      failures.push_back(f.fence_ok.empty()
                             ? fmt::format("{} was never fenced successfully according to the "
                                           "cluster ({} failed attempts)",
                                           node, f.fence_failed.size())
                             : fmt::format("{} was fenced {} times according to the cluster, "
                                           "expected once",
                                           node, f.fence_ok.size()));
    std::optional<std::size_t> already_off;
    if (lifecycle_seen && f.actions.empty() && !f.fence_ok.empty())
      already_off = off_at(v, f, v.at(f.fence_ok.front()).t_ns);
    nm["hypervisor_already_off"] = already_off.has_value();
    if (already_off) ev.add(*already_off);
    if (!lifecycle_seen)
      missing.push_back(fmt::format("no hypervisor lifecycle events recorded to confirm that "
                                    "{} was powered off",
                                    node));
    else if (already_off)
      ;  // off before the fence and still off at it: the hypervisor confirms the outcome
    else if (f.actions.size() != 1)
      failures.push_back(fmt::format("the hypervisor saw {} external power actions on {}, "
                                     "expected one",
                                     f.actions.size(), node));
    // By the peer's device, never by itself.
    for (std::size_t i : f.fence_ok) {
      const std::string exe = get_str(v.at(i).data, "executioner");
      if (exe.empty())
        missing.push_back(fmt::format("the fence of {} does not name its executioner", node));
      else if (exe == node)
        failures.push_back(fmt::format("{} was fenced by itself (executioner {}, device {}), "
                                       "not by its peer",
                                       node, exe, get_str(v.at(i).data, "device")));
    }

    // Before the survivor served I/O again: the fence precedes the I/O that ended the stall of
    // the fault that needed it (the last fault injected before the fencing).
    std::optional<std::int64_t> fence_t, action_t;
    if (!f.fence_ok.empty()) fence_t = v.at(f.fence_ok.front()).t_ns;
    if (!f.actions.empty()) action_t = f.actions.front().t_ns;
    nm["resume_margin_s"] = json();
    nm["hypervisor_margin_s"] = json();
    nm["fenced_after_fault_s"] = json();
    const std::optional<std::int64_t> when = fence_t ? fence_t : action_t;
    const checks::FaultWindow* fault =
        when ? v.fault_before(action_t ? std::min(*when, *action_t) : *when) : nullptr;
    if (when && fault) {
      ev.add(fault->inject);
      nm["fault_step"] = fault->step;
      nm["fenced_after_fault_s"] = secs(*when - fault->start_ns);
      const checks::Stall s = v.stall_in(fault->start_ns, fault->end_ns);
      if (s.resumed && s.after) {
        const std::int64_t resume_t = v.io().ok_t[*s.after];
        ev.add(v.io().ok_idx[*s.after]);
        nm["io_resumed_after_fault_s"] = secs(resume_t - fault->start_ns);
        const std::int64_t margin = resume_t - *when;
        nm["resume_margin_s"] = secs(margin);
        if (action_t) nm["hypervisor_margin_s"] = secs(resume_t - *action_t);
        min_margin = min_margin ? std::min(*min_margin, margin) : margin;
        if (margin < 0)
          failures.push_back(fmt::format("I/O resumed {:.3f} s before {} was fenced ({:.3f} s "
                                         "after the fault, fence at {:.3f} s)",
                                         secs(-margin), node, secs(resume_t - fault->start_ns),
                                         secs(*when - fault->start_ns)));
      }
    }
    per_node[node] = nm;
  }

  // No one else fenced; survivors untouched and up at the end.
  const std::set<std::string> must_live(survivors.begin(), survivors.end());
  auto unexpected = json::array();
  for (const auto& [node, f] : facts) {
    if (expected.count(node)) continue;
    const bool hit = !f.fence_ok.empty() || !f.actions.empty();
    for (std::size_t i : f.fence_failed) ev.add(i);
    if (!hit) continue;
    unexpected.push_back(node);
    for (std::size_t i : f.fence_ok) ev.add(i);
    for (const auto& a : f.actions)
      for (std::size_t i : a.events) ev.add(i);
    failures.push_back(fmt::format("{} {} was fenced ({} by the cluster, {} hypervisor "
                                   "actions) but should not have been",
                                   must_live.count(node) ? "survivor" : "node", node,
                                   f.fence_ok.size(), f.actions.size()));
  }
  for (const auto& node : must_live) {
    auto it = facts.find(node);
    if (it == facts.end() || !it->second.last_lifecycle) continue;
    const Event& last = v.at(*it->second.last_lifecycle);
    if (!is_down(last.what)) continue;
    ev.add(*it->second.last_lifecycle);
    failures.push_back(fmt::format("survivor {} is not up at the end: its last lifecycle event "
                                   "is {} ({})",
                                   node, last.what, get_str(last.data, "cause")));
  }

  r.metrics["fence_successes"] = total_ok;
  r.metrics["fence_failures"] = total_failed;
  r.metrics["hypervisor_actions"] = lifecycle_seen ? json(total_actions) : json();
  r.metrics["hypervisor_events_recorded"] = lifecycle_seen;
  r.metrics["resume_margin_s"] = min_margin ? json(secs(*min_margin)) : json();
  r.metrics["unexpected_fenced"] = unexpected;
  r.metrics["nodes"] = per_node;
  checks::add_fence_metrics(story, base_ns, r.metrics);
  r.evidence = ev.to_json(v);

  // How the fencing went, told whatever the verdict when two nodes raced, and when something
  // went wrong otherwise (a fencing that failed or never finished).
  std::string story_text = checks::fence_story_sentence(story, base_ns);
  if (!story_text.empty()) {
    story_text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(story_text[0])));
    story_text = ". " + story_text + (v.faults().empty() ? " (times from the workload start)"
                                                         : " (times from the first fault)");
  }
  const std::string race_text = story.race ? story_text : std::string();

  if (!failures.empty()) {
    r.verdict = Verdict::fail;
    r.summary = join(failures) + story_text;
  } else if (!missing.empty()) {
    r.verdict = Verdict::unknown;
    r.summary = "cluster fencing history consistent, but " + join(missing) + story_text;
  } else if (expected.empty()) {
    r.verdict = Verdict::pass;
    r.summary = "no fencing expected and none happened";
  } else {
    r.verdict = Verdict::pass;
    r.summary = fmt::format("{} fenced exactly once by the peer", json(fenced).dump());
    if (min_margin)
      r.summary += fmt::format(", {:.3f} s before I/O resumed", secs(*min_margin));
    r.summary += race_text;
  }
  return r;
}

}  // namespace harness
