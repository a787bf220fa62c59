#include "harness/checks/fence_race.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <utility>

#include "drivers/libvirt/events.hpp"
#include "drivers/pacemaker/events.hpp"
#include "harness/core/units.hpp"

namespace harness::checks {

std::optional<std::int64_t> FenceAttempt::start_ns() const {
  if (delay_begin_ns) return *delay_begin_ns + delay_ns;
  if (request_ns) return *request_ns + delay_ns;
  return std::nullopt;
}

std::optional<std::int64_t> FenceAttempt::latency_ns() const {
  const auto start = start_ns();
  if (!start) return std::nullopt;
  return (done_ns ? *done_ns : pending_at_ns) - *start;
}

namespace {

// The fencer's result is logged on every node that hears it, and crm_mon's record may be read
// from both nodes (its one stamp mapped through each node's clock offset): a second sighting of
// one completion says the same and lies this close to the first. A retry's differs, or comes
// later.
constexpr std::int64_t kResultEchoNs = 5 * kNsPerS;
constexpr std::int64_t kRecordEchoNs = 2 * kNsPerS;
// crm_mon's completion stamp is cut to the whole second, so it may precede the request's
// other evidence by up to a second.
constexpr std::int64_t kRecordSlackNs = kNsPerS;

struct Completion {
  std::optional<std::int64_t> t_ns;
  bool ok = false;
};

// What one attempt collected while the events were read in time order.
struct Pieces {
  Completion result, agent, record;
  std::optional<std::int64_t> requester_down_ns;  // the asking node lost power after asking
  bool any() const { return result.t_ns || agent.t_ns || record.t_ns; }
  std::optional<std::int64_t> first_done() const {
    std::optional<std::int64_t> t;
    for (const Completion* c : {&result, &agent, &record})
      if (c->t_ns && (!t || *c->t_ns < *t)) t = c->t_ns;
    return t;
  }
};

class Reader {
 public:
  explicit Reader(const HistoryView& v) : v_(v) {}

  FenceStory read() {
    for (std::size_t i : v_.others()) {
      const Event& e = v_.at(i);
      if (e.kind == EventKind::note && e.what == "run") config(e);
      else if (e.kind == EventKind::phase && e.what == "teardown" &&
               get_str(e.data, "state") == "begin" && !teardown_ns_)
        teardown_ns_ = e.t_ns;
      else if (e.kind == EventKind::observation && e.what == "log") log_line(e, i);
      else if (e.kind == EventKind::fence && (e.what == "reboot" || e.what == "off")) record(e, i);
      else if (e.kind == EventKind::lifecycle) lifecycle(e, i);
    }
    finish();
    find_race();
    return std::move(s_);
  }

 private:
  void config(const Event& e) {
    auto t = e.data.find("tunables");
    if (t == e.data.end() || !t->is_object()) return;
    auto f = t->find("fence");
    if (f == t->end() || !f->is_object()) return;
    if (auto d = get_num(*f, "delay_s")) s_.configured_delay_s = *d;
    delay_node_ = get_str(*f, "delay_node");
    s_.agent = get_str(*f, "agent");
  }

  FenceAttempt& add(std::string requester, std::string target, std::string action) {
    s_.attempts.push_back(FenceAttempt{});
    pieces_.emplace_back();
    FenceAttempt& a = s_.attempts.back();
    a.requester = std::move(requester);
    a.target = std::move(target);
    a.action = std::move(action);
    return a;
  }

  // The latest attempt of requester → target that nothing has completed yet.
  std::optional<std::size_t> open(const std::string& requester, const std::string& target) const {
    for (std::size_t k = s_.attempts.size(); k-- > 0;)
      if (s_.attempts[k].requester == requester && s_.attempts[k].target == target &&
          !pieces_[k].any())
        return k;
    return std::nullopt;
  }

  // The latest attempt on `target` whose agent has not finished, the one `executioner` asked
  // for first: the fencer that delays or runs the agent is the requester's own in a split brain,
  // a peer's otherwise. crm_mon's record may come first (its stamp is cut to the second).
  std::optional<std::size_t> running_on(const std::string& target,
                                        const std::string& executioner) const {
    auto running = [&](std::size_t k) {
      return s_.attempts[k].target == target && !pieces_[k].agent.t_ns && !pieces_[k].result.t_ns;
    };
    for (std::size_t k = s_.attempts.size(); k-- > 0;)
      if (running(k) && s_.attempts[k].requester == executioner) return k;
    for (std::size_t k = s_.attempts.size(); k-- > 0;)
      if (running(k)) return k;
    return std::nullopt;
  }

  void log_line(const Event& e, std::size_t i) {
    const auto l = parse_fence_log(get_str(e.data, "unit"), get_str(e.data, "message"));
    if (!l) return;
    switch (l->step) {
      case FenceLogStep::peer_lost:
        last_lost_[{e.node, l->target}] = i;
        return;
      case FenceLogStep::requested: {
        if (auto k = open(e.node, l->target)) {  // the fencer's echo of the same request
          s_.attempts[*k].events.push_back(i);
          return;
        }
        FenceAttempt& a = add(e.node, l->target, l->action);
        a.request_ns = e.t_ns;
        if (auto it = last_lost_.find({e.node, l->target}); it != last_lost_.end()) {
          a.lost_ns = v_.at(it->second).t_ns;
          a.events.push_back(it->second);
        }
        a.events.push_back(i);
        return;
      }
      case FenceLogStep::delayed: {
        auto k = running_on(l->target, e.node);
        FenceAttempt& a = k ? s_.attempts[*k] : add(e.node, l->target, l->action);
        a.delay_begin_ns = e.t_ns;
        a.delay_ns = static_cast<std::int64_t>(l->delay_s) * kNsPerS;
        a.delay_from = DelaySource::logged;
        a.executioner = e.node;
        a.events.push_back(i);
        return;
      }
      case FenceLogStep::agent_done: {
        auto k = running_on(l->target, e.node);
        if (!k) return;  // an agent run nobody asked for here (a monitor's own retry)
        pieces_[*k].agent = {e.t_ns, l->ok};
        s_.attempts[*k].executioner = e.node;
        s_.attempts[*k].events.push_back(i);
        return;
      }
      case FenceLogStep::result: {
        std::optional<std::size_t> k;
        for (std::size_t j = s_.attempts.size(); j-- > 0 && !k;) {
          const auto& a = s_.attempts[j];
          if (a.requester != l->origin || a.target != l->target) continue;
          const Completion& seen = pieces_[j].result;
          if (seen.t_ns && e.t_ns - *seen.t_ns <= kResultEchoNs && seen.ok == l->ok)
            return;  // the same result, heard again
          if (!seen.t_ns) k = j;
        }
        FenceAttempt& a = k ? s_.attempts[*k] : add(l->origin, l->target, l->action);
        pieces_[k ? *k : s_.attempts.size() - 1].result = {e.t_ns, l->ok};
        if (a.executioner.empty()) a.executioner = l->executioner;
        a.events.push_back(i);
        return;
      }
    }
  }

  // crm_mon's record of a finished fencing: the completion when nothing was logged.
  void record(const Event& e, std::size_t i) {
    std::string origin = get_str(e.data, "origin");
    if (origin.empty()) origin = get_str(e.data, "executioner");
    const bool ok = get_str(e.data, "status") == "success";
    std::optional<std::size_t> k;
    for (std::size_t j = s_.attempts.size(); j-- > 0 && !k;) {
      const auto& a = s_.attempts[j];
      if (a.requester != origin || a.target != e.node) continue;
      const Completion& seen = pieces_[j].record;
      if (seen.t_ns && std::abs(e.t_ns - *seen.t_ns) <= kRecordEchoNs && seen.ok == ok) return;
      if (!seen.t_ns && (!a.request_ns || *a.request_ns <= e.t_ns + kRecordSlackNs)) k = j;
    }
    FenceAttempt& a = k ? s_.attempts[*k] : add(origin, e.node, e.what);
    pieces_[k ? *k : s_.attempts.size() - 1].record = {e.t_ns, ok};
    if (a.executioner.empty()) a.executioner = get_str(e.data, "executioner");
    a.events.push_back(i);
  }

  void lifecycle(const Event& e, std::size_t i) {
    if (!cuts_power(e.what) && !is_power_off(e.what)) return;
    for (std::size_t k = 0; k < s_.attempts.size(); ++k) {
      FenceAttempt& a = s_.attempts[k];
      const bool asked_before = !a.request_ns || *a.request_ns <= e.t_ns;
      if (a.requester == e.node && asked_before && !pieces_[k].any() &&
          !pieces_[k].requester_down_ns)
        pieces_[k].requester_down_ns = e.t_ns;
    }
    if (get_str(e.data, "cause") != "external" || !cuts_power(e.what)) return;
    // The cut that carried out the latest attempt on this node still without one.
    for (std::size_t k = s_.attempts.size(); k-- > 0;) {
      FenceAttempt& a = s_.attempts[k];
      if (a.target != e.node || a.power_cut_ns) continue;
      if (a.request_ns && *a.request_ns > e.t_ns) continue;
      if (auto done = pieces_[k].first_done(); done && *done + kRecordSlackNs < e.t_ns)
        continue;  // finished before this cut: not its doing
      a.power_cut_ns = e.t_ns;
      a.events.push_back(i);
      return;
    }
  }

  void finish() {
    const std::int64_t end = std::min(v_.last_ns(), teardown_ns_.value_or(v_.last_ns()));
    for (std::size_t k = 0; k < s_.attempts.size(); ++k) {
      FenceAttempt& a = s_.attempts[k];
      const Pieces& p = pieces_[k];
      for (const Completion* c : {&p.result, &p.agent, &p.record}) {
        if (!c->t_ns) continue;
        a.done_ns = c->t_ns;
        a.ok = c->ok;
        break;
      }
      if (a.pending()) a.pending_at_ns = std::min(p.requester_down_ns.value_or(end), end);
      if (a.delay_from == DelaySource::none && s_.configured_delay_s) {
        a.delay_ns = a.target == delay_node_
                         ? static_cast<std::int64_t>(*s_.configured_delay_s * 1e9)
                         : 0;
        a.delay_from = DelaySource::configured;
      }
      if (s_.protected_node.empty() && a.delay_from == DelaySource::logged && a.delay_ns > 0)
        s_.protected_node = a.target;
    }
    if (!delay_node_.empty() && s_.configured_delay_s.value_or(0) > 0)
      s_.protected_node = delay_node_;
  }

  std::int64_t end_of(const FenceAttempt& a) const { return a.done_ns.value_or(a.pending_at_ns); }

  void find_race() {
    auto& at = s_.attempts;
    for (std::size_t i = 0; i < at.size() && !s_.race; ++i) {
      for (std::size_t j = i + 1; j < at.size() && !s_.race; ++j) {
        const FenceAttempt &a = at[i], &b = at[j];
        if (a.requester != b.target || a.target != b.requester || a.requester == a.target) continue;
        if (!a.request_ns || !b.request_ns) continue;
        if (*a.request_ns > end_of(b) || *b.request_ns > end_of(a)) continue;
        FenceRace r;
        const bool a_ok = a.done_ns && a.ok, b_ok = b.done_ns && b.ok;
        r.decided = a_ok || b_ok;
        const bool a_wins = a_ok && (!b_ok || *a.done_ns <= *b.done_ns);
        r.winner = a_wins || !r.decided ? i : j;
        r.loser = a_wins || !r.decided ? j : i;
        const FenceAttempt &w = at[r.winner], &l = at[r.loser];
        if (a_ok && b_ok) r.margin_ns = *l.done_ns - *w.done_ns;
        if (w.start_ns() && l.start_ns()) r.head_start_ns = *w.start_ns() - *l.start_ns();
        s_.race = r;
      }
    }
    // The loser's fencing was still in flight when the winner's completed: that is the instant
    // the race was over, whatever became of the loser's node afterwards.
    if (s_.race && s_.race->decided) {
      FenceAttempt& l = at[s_.race->loser];
      if (l.pending()) l.pending_at_ns = *at[s_.race->winner].done_ns;
    }
  }

  const HistoryView& v_;
  FenceStory s_;
  std::vector<Pieces> pieces_;  // same index as s_.attempts
  std::map<std::pair<std::string, std::string>, std::size_t> last_lost_;  // (node, peer) → event
  std::string delay_node_;
  std::optional<std::int64_t> teardown_ns_;
};

}  // namespace

FenceStory read_fence_story(const HistoryView& v) { return Reader(v).read(); }

}  // namespace harness::checks
