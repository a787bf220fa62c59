#include "reports/compare.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace harness {

namespace {

// Sums of decimal figures (0.311 + 1.0) are not exact in binary: "exceeds" means by more than this.
constexpr double kEpsilon = 1e-9;

const SideScenario* find_scenario(const CompareSide& s, const std::string& name) {
  for (const auto& sc : s.scenarios)
    if (sc.outcome.scenario == name) return &sc;
  return nullptr;
}

std::optional<Distribution> samples_of(const SideScenario* s, const CompareMetric& m) {
  if (!s) return std::nullopt;
  std::vector<double> v;
  for (const auto& r : s->samples) {
    auto it = r.metrics.find(std::string(m.name));
    if (it != r.metrics.end()) v.push_back(it->second);
  }
  if (v.empty()) return std::nullopt;
  return distribution_of(std::move(v));
}

MetricComparison compare_metric(const CompareMetric& m, const Tolerance& t, const SideScenario* a,
                                const SideScenario* b) {
  MetricComparison out;
  out.metric = &m;
  out.tolerance = t;
  out.a = samples_of(a, m);
  out.b = samples_of(b, m);
  if (!out.a || !out.b) return out;
  out.spread = std::max(out.a->range(), out.b->range());
  const double tol = t.percent ? t.value / 100.0 * std::fabs(out.a->median) : t.value;
  out.allowed = tol + out.spread;
  out.delta = out.b->median - out.a->median;
  out.regression = *out.delta > out.allowed + kEpsilon;
  out.improved = -*out.delta > out.allowed + kEpsilon;
  return out;
}

VerdictChange verdict_change(const ScenarioOutcome& a, const ScenarioOutcome& b) {
  if (a.exit_code == 0 && b.exit_code == 1) return VerdictChange::new_failure;
  if (a.exit_code == 0 && b.exit_code > 1) return VerdictChange::new_error;
  if (a.exit_code != 0 && b.exit_code == 0) return VerdictChange::fixed;
  return VerdictChange::same;
}

bool any_suspect(const SideScenario* s) {
  if (!s) return false;
  for (const auto& r : s->outcome.repeats)
    if (r.suspect) return true;
  return false;
}

std::string image_of(const SideScenario* s) { return s ? s->image : ""; }

ScenarioComparison compare_scenario(const std::string& name, const SideScenario* a,
                                    const SideScenario* b,
                                    const std::map<std::string, Tolerance>& tolerances) {
  ScenarioComparison out;
  out.scenario = name;
  if (a) out.a = a->outcome;
  if (b) out.b = b->outcome;
  out.runs_a = a ? static_cast<int>(a->samples.size()) : 0;
  out.runs_b = b ? static_cast<int>(b->samples.size()) : 0;
  out.suspect_a = any_suspect(a);
  out.suspect_b = any_suspect(b);
  out.image_a = image_of(a);
  out.image_b = image_of(b);
  if (!b) out.verdict = VerdictChange::only_a;
  else if (!a) out.verdict = VerdictChange::only_b;
  else out.verdict = verdict_change(a->outcome, b->outcome);
  for (const auto& m : compare_metrics()) {
    MetricComparison mc = compare_metric(m, tolerances.at(std::string(m.name)), a, b);
    if (!mc.a && !mc.b) continue;
    out.regression = out.regression || mc.regression;
    out.metrics.push_back(std::move(mc));
  }
  if (out.verdict == VerdictChange::new_failure || out.verdict == VerdictChange::new_error)
    out.regression = true;
  return out;
}

const SideImage* find_image(const CompareSide& s, const std::string& label) {
  for (const auto& i : s.images)
    if (i.label == label) return &i;
  return nullptr;
}

PackageComparison compare_packages(const CompareSide& a, const CompareSide& b,
                                   const std::string& la, const std::string& lb) {
  PackageComparison p;
  p.image_a = la;
  p.image_b = lb;
  const SideImage* ia = find_image(a, la);
  const SideImage* ib = find_image(b, lb);
  if (ia && ia->manifest) p.manifest_a = ia->manifest_file;
  if (ib && ib->manifest) p.manifest_b = ib->manifest_file;
  if (ia && ia->manifest && ib && ib->manifest) p.diff = diff_manifests(*ia->manifest, *ib->manifest);
  return p;
}

SideSummary summary_of(const CompareSide& s) {
  SideSummary out{s.dir, s.matrix, s.id, static_cast<int>(s.scenarios.size()), 0};
  for (const auto& sc : s.scenarios) out.runs += static_cast<int>(sc.outcome.repeats.size());
  return out;
}

}  // namespace

Distribution distribution_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  Distribution d;
  d.n = static_cast<int>(v.size());
  d.min = v.front();
  d.max = v.back();
  const std::size_t mid = v.size() / 2;
  d.median = v.size() % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  return d;
}

std::string_view to_string(VerdictChange c) {
  switch (c) {
    case VerdictChange::same: return "same";
    case VerdictChange::new_failure: return "new failure";
    case VerdictChange::new_error: return "new error";
    case VerdictChange::fixed: return "fixed";
    case VerdictChange::only_a: return "only in A";
    case VerdictChange::only_b: return "only in B";
  }
  return "same";
}

Comparison compare_sides(const CompareSide& a, const CompareSide& b, const CompareOptions& o) {
  Comparison c;
  c.a = summary_of(a);
  c.b = summary_of(b);
  for (const auto& m : compare_metrics()) {
    auto it = o.tolerances.find(std::string(m.name));
    c.tolerances[std::string(m.name)] = it != o.tolerances.end() ? it->second : m.tolerance;
  }
  for (const auto& n : a.notes) c.notes.push_back("A: " + n);
  for (const auto& n : b.notes) c.notes.push_back("B: " + n);

  std::set<std::pair<std::string, std::string>> image_pairs;
  std::vector<std::pair<std::string, std::string>> pair_order;
  auto add_pair = [&](const std::string& x, const std::string& y) {
    if (image_pairs.emplace(x, y).second) pair_order.emplace_back(x, y);
  };
  for (const auto& sa : a.scenarios) {
    const SideScenario* sb = find_scenario(b, sa.outcome.scenario);
    c.scenarios.push_back(compare_scenario(sa.outcome.scenario, &sa, sb, c.tolerances));
    if (sb) add_pair(c.scenarios.back().image_a, c.scenarios.back().image_b);
  }
  for (const auto& sb : b.scenarios)
    if (!find_scenario(a, sb.outcome.scenario))
      c.scenarios.push_back(compare_scenario(sb.outcome.scenario, nullptr, &sb, c.tolerances));
  // Nothing in common: the sides' first images still say what changed underneath.
  if (pair_order.empty())
    add_pair(a.images.empty() ? "" : a.images.front().label,
             b.images.empty() ? "" : b.images.front().label);
  for (const auto& [la, lb] : pair_order) c.packages.push_back(compare_packages(a, b, la, lb));

  for (const auto& s : c.scenarios)
    if (s.regression) ++c.regressions;
  return c;
}

int compare_exit(const Comparison& c) { return c.regressions > 0 ? 1 : 0; }

}  // namespace harness
