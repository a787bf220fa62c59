#include "harness/runner/timeline.hpp"

#include <algorithm>
#include <tuple>

namespace harness {

std::vector<TimelineEntry> build_timeline(const std::vector<Step>& steps) {
  struct Keyed {
    TimelineEntry entry;
    double at_s;
    int group;          // 0: duration heal before steps at that instant, 1: steps, 2: after
    std::size_t order;  // position in the file
  };
  std::vector<Keyed> keyed;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const Step& s = steps[i];
    if (s.fault) {
      keyed.push_back({{TimelineEntry::Kind::fault, s.at_s, &s, s.id}, s.at_s, 1, i});
      if (s.fault->duration_s) {
        double t = s.at_s + *s.fault->duration_s;
        // A zero duration heals right after its own inject, not before it.
        int group = t > s.at_s ? 0 : 2;
        keyed.push_back({{TimelineEntry::Kind::auto_heal, t, &s, s.id}, t, group, i});
      }
    } else if (s.heals) {
      keyed.push_back({{TimelineEntry::Kind::heal_step, s.at_s, &s, *s.heals}, s.at_s, 1, i});
    }
  }
  std::stable_sort(keyed.begin(), keyed.end(), [](const Keyed& a, const Keyed& b) {
    return std::tie(a.at_s, a.group, a.order) < std::tie(b.at_s, b.group, b.order);
  });
  std::vector<TimelineEntry> out;
  out.reserve(keyed.size());
  for (auto& k : keyed) out.push_back(std::move(k.entry));
  return out;
}

double timeline_end_s(const std::vector<TimelineEntry>& timeline) {
  double end = 0;
  for (const auto& e : timeline) end = std::max(end, e.at_s);
  return end;
}

std::string describe(const TimelineEntry& entry) {
  switch (entry.kind) {
    case TimelineEntry::Kind::fault: return "step " + entry.step->id;
    case TimelineEntry::Kind::heal_step:
      return "step " + entry.step->id + " (heals " + entry.fault_step_id + ")";
    case TimelineEntry::Kind::auto_heal: return "end of step " + entry.fault_step_id + " (duration)";
  }
  return "step";
}

}  // namespace harness
