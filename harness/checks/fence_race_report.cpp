#include "harness/checks/fence_race_report.hpp"

#include <map>
#include <optional>

#include <fmt/format.h>

namespace harness::checks {
namespace {

using nlohmann::json;

json at_s(const std::optional<std::int64_t>& t, std::int64_t base_ns) {
  return t ? json(secs(*t - base_ns)) : json();
}

std::string rel(std::int64_t t, std::int64_t base_ns) {
  return fmt::format("{:+.1f} s", static_cast<double>(t - base_ns) / 1e9);
}

std::string dur(std::int64_t ns) { return fmt::format("{:.1f} s", static_cast<double>(ns) / 1e9); }

const char* source_name(DelaySource d) {
  switch (d) {
    case DelaySource::logged: return "logged";
    case DelaySource::configured: return "configured";
    case DelaySource::none: break;
  }
  return "unknown";
}

const char* result_name(const FenceAttempt& a) {
  return a.pending() ? "pending" : a.ok ? "success" : "failed";
}

// The attempt that speaks for each asking node: its side of the race, else its last attempt.
std::map<std::string, const FenceAttempt*> sides(const FenceStory& s) {
  std::map<std::string, const FenceAttempt*> out;
  for (const auto& a : s.attempts) out[a.requester] = &a;
  if (s.race) {
    for (std::size_t k : {s.race->winner, s.race->loser})
      out[s.attempts[k].requester] = &s.attempts[k];
  }
  return out;
}

// "n2 lost n1 at +7.4 s, asked to fence it at +13.5 s, waited 5.0 s and completed at +26.1 s,
// 7.6 s after its delay"
std::string side(const FenceAttempt& a, std::int64_t base_ns) {
  const auto start = a.start_ns();
  if (!a.request_ns) {
    std::string out = fmt::format("{}'s fencing of {} (its request not logged)", a.requester, a.target);
    if (a.pending()) return out + fmt::format(" was still pending at {}", rel(a.pending_at_ns, base_ns));
    return out + fmt::format(" {} at {}", a.ok ? "completed" : "failed", rel(*a.done_ns, base_ns));
  }
  std::string out = a.requester;
  if (a.lost_ns) out += fmt::format(" lost {} at {},", a.target, rel(*a.lost_ns, base_ns));
  out += fmt::format(" asked to fence {} at {}", a.lost_ns ? "it" : a.target,
                     rel(*a.request_ns, base_ns));
  if (a.delay_from == DelaySource::none) out += " (delay not recorded)";
  else if (a.delay_ns > 0) out += fmt::format(", waited {}", dur(a.delay_ns));
  else out += " with no delay";
  const char* since = a.delay_ns > 0 ? "its delay" : "its request";
  if (a.pending() && a.pending_at_ns < *start)
    return out + fmt::format(" and was still in its delay at {}", rel(a.pending_at_ns, base_ns));
  if (a.pending())
    return out + fmt::format(" and was still pending at {}, {} after {}",
                             rel(a.pending_at_ns, base_ns), dur(a.pending_at_ns - *start), since);
  return out + fmt::format(" and {} at {}, {} after {}", a.ok ? "completed" : "failed",
                           rel(*a.done_ns, base_ns), dur(*a.done_ns - *start), since);
}

std::string race_sentence(const FenceStory& s, std::int64_t base_ns) {
  const FenceRace& r = *s.race;
  const FenceAttempt &w = s.attempts[r.winner], &l = s.attempts[r.loser];
  std::string out;
  if (!r.decided) out = "fence race with no winner (neither fencing succeeded)";
  else if (!s.protected_node.empty() && s.protected_node == l.requester)
    out = fmt::format("fence race lost by the protected node {}", l.requester);
  else if (!s.protected_node.empty() && s.protected_node == w.requester)
    out = fmt::format("fence race won by the protected node {}", w.requester);
  else out = fmt::format("fence race won by {}", w.requester);
  out += ": " + side(w, base_ns) + "; " + side(l, base_ns);
  if (r.margin_ns)
    out += fmt::format("; both succeeded, {}'s {} before {}'s", w.requester, dur(*r.margin_ns),
                       l.requester);
  else if (r.decided && r.head_start_ns && *r.head_start_ns > 0)
    out += fmt::format("; {}'s fencing could start {} before {}'s and still lost", l.requester,
                       dur(*r.head_start_ns), w.requester);
  else if (r.decided && r.head_start_ns)
    out += fmt::format("; {}'s fencing started {} before {}'s", w.requester,
                       dur(-*r.head_start_ns), l.requester);
  return out;
}

}  // namespace

void add_fence_metrics(const FenceStory& s, std::int64_t base_ns, json& metrics) {
  json target = json::object(), lost = json::object(), request = json::object(),
       delay = json::object(), source = json::object(), done = json::object(),
       result = json::object(), latency = json::object(), pending_at = json::object(),
       pending = json::object();
  for (const auto& [node, a] : sides(s)) {
    const auto start = a->start_ns();
    target[node] = a->target;
    lost[node] = at_s(a->lost_ns, base_ns);
    request[node] = at_s(a->request_ns, base_ns);
    delay[node] = a->delay_from == DelaySource::none ? json() : json(secs(a->delay_ns));
    source[node] = source_name(a->delay_from);
    done[node] = at_s(a->done_ns, base_ns);
    result[node] = result_name(*a);
    latency[node] = start && a->done_ns ? json(secs(*a->done_ns - *start)) : json();
    pending_at[node] = a->pending() ? at_s(a->pending_at_ns, base_ns) : json();
    pending[node] = start && a->pending() ? json(secs(a->pending_at_ns - *start)) : json();
  }
  metrics["fence_attempts"] = s.attempts.size();
  // The agent beside its latencies: runs of several agents compare on fence_latency_s.
  metrics["fence_agent"] = s.agent.empty() ? json() : json(s.agent);
  metrics["fence_target"] = target;
  metrics["fence_lost_peer_s"] = lost;
  metrics["fence_request_s"] = request;
  metrics["fence_delay_s"] = delay;
  metrics["fence_delay_source"] = source;
  metrics["fence_done_s"] = done;
  metrics["fence_result"] = result;
  metrics["fence_latency_s"] = latency;
  metrics["fence_pending_at_s"] = pending_at;
  metrics["fence_pending_s"] = pending;
  metrics["fence_delay_node"] = s.protected_node.empty() ? json() : json(s.protected_node);
  metrics["fence_delay_configured_s"] =
      s.configured_delay_s ? json(*s.configured_delay_s) : json();
  if (!s.race) {
    metrics["fence_race"] = json();
    return;
  }
  const FenceRace& r = *s.race;
  const std::string& w = s.attempts[r.winner].requester;
  const std::string& l = s.attempts[r.loser].requester;
  json race = {{"winner", r.decided ? json(w) : json()},
               {"loser", r.decided ? json(l) : json()},
               {"decided", r.decided},
               {"protected_node", s.protected_node.empty() ? json() : json(s.protected_node)},
               {"protected_won", json()},
               {"margin_s", r.margin_ns ? json(secs(*r.margin_ns)) : json()},
               {"head_start_s", r.head_start_ns ? json(secs(*r.head_start_ns)) : json()}};
  if (r.decided && !s.protected_node.empty() && (s.protected_node == w || s.protected_node == l))
    race["protected_won"] = s.protected_node == w;
  metrics["fence_race"] = race;
}

std::string fence_story_sentence(const FenceStory& s, std::int64_t base_ns) {
  if (s.race) return race_sentence(s, base_ns);
  std::string out;
  for (const auto& a : s.attempts) {
    if (!a.pending() && a.ok) continue;
    out += (out.empty() ? "fencing that did not succeed: " : "; ") + side(a, base_ns);
  }
  return out;
}

}  // namespace harness::checks
