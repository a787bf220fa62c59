#include "harness/checks/suspect.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "drivers/observers/events.hpp"

namespace harness {

namespace {

struct Rec {
  std::int64_t t_ns;
  HostSchedRecord r;
};

// The workload's start (phase workload begin), else the first event: the base of "+N s".
std::int64_t workload_begin(const std::vector<Event>& events) {
  for (const auto& e : events)
    if (e.kind == EventKind::phase && e.what == "workload" && e.data.is_object() &&
        e.data.value("state", "") == "begin")
      return e.t_ns;
  return events.empty() ? 0 : events.front().t_ns;
}

GuestStarvation judge(const std::string& node, const std::vector<Rec>& recs, std::int64_t base) {
  GuestStarvation g;
  g.node = node;
  double wait = 0, capacity = 0;  // vCPU seconds waited, and available (span x vCPUs)
  for (const auto& x : recs) {
    g.vcpus = std::max(g.vcpus, x.r.vcpus);
    g.sampled_s += x.r.span_s;
    wait += x.r.vcpu_wait_s;
    capacity += x.r.span_s * x.r.vcpus;
    if (x.r.longest_wait_s > g.longest_wait_s) {
      g.longest_wait_s = x.r.longest_wait_s;
      g.longest_at_s = static_cast<double>(x.t_ns - base) / 1e9;
    }
  }
  g.mean_wait = capacity > 0 ? wait / capacity : 0;
  // Each window ends at a record and reaches back over the fewest records that cover the window
  // (all of them when the guest was sampled for less).
  for (std::size_t j = 0; j < recs.size(); ++j) {
    double span = 0, w = 0, cap = 0;
    for (std::size_t i = j + 1; i-- > 0;) {
      span += recs[i].r.span_s;
      w += recs[i].r.vcpu_wait_s;
      cap += recs[i].r.span_s * recs[i].r.vcpus;
      if (span >= kStarvationWindowS) break;
    }
    // A wait is counted when it ends, so one that began before the window can exceed it.
    double frac = cap > 0 ? std::min(1.0, w / cap) : 0;
    if (frac > g.worst_wait) {
      g.worst_wait = frac;
      g.worst_window_s = span;
      g.worst_at_s = static_cast<double>(recs[j].t_ns - base) / 1e9;
    }
  }
  return g;
}

std::string percent(double f) { return fmt::format("{:.0f}%", f * 100); }

}  // namespace

std::vector<GuestStarvation> host_starvation(const History& history) {
  const auto events = history.events();
  std::map<std::string, std::vector<Rec>> by_node;
  for (const auto& e : events)
    if (auto r = host_sched_record(e); r && r->vcpus > 0 && r->span_s > 0)
      by_node[e.node].push_back({e.t_ns, *r});
  const std::int64_t base = workload_begin(events);
  std::vector<GuestStarvation> out;
  for (const auto& [node, recs] : by_node) out.push_back(judge(node, recs, base));
  return out;
}

std::optional<std::string> suspect_reason(const std::vector<GuestStarvation>& guests) {
  std::vector<const GuestStarvation*> starved;
  for (const auto& g : guests)
    if (g.starved()) starved.push_back(&g);
  if (starved.empty()) return std::nullopt;
  std::stable_sort(starved.begin(), starved.end(), [](const auto* a, const auto* b) {
    return std::max(a->worst_wait, a->longest_wait_s / kStarvationWindowS) >
           std::max(b->worst_wait, b->longest_wait_s / kStarvationWindowS);
  });
  std::string text = "host starvation:";
  for (std::size_t i = 0; i < starved.size(); ++i) {
    const auto& g = *starved[i];
    text += fmt::format(
        "{} {}'s vCPU{} waited for a CPU {} of {:.1f} s at {:+.1f} s, longest wait {:.2f} s at "
        "{:+.1f} s, mean {} over {:.0f} s",
        i ? ";" : "", g.node, g.vcpus > 1 ? "s" : "", percent(g.worst_wait), g.worst_window_s,
        g.worst_at_s, g.longest_wait_s, g.longest_at_s, percent(g.mean_wait), g.sampled_s);
  }
  text += fmt::format(" (limits: {} of any {:g} s, {:g} s at once)", percent(kStarvationLimit),
                      kStarvationWindowS, kStarvationStallS);
  return text;
}

std::optional<std::string> suspect_reason(const History& history) {
  return suspect_reason(host_starvation(history));
}

}  // namespace harness
