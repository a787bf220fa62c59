// `harness compare --json`: the document harness-compare/1 (docs/COMPARE.md, "JSON").
#include "reports/compare_reports.hpp"
#include "reports/compare_words.hpp"
#include "reports/matrix_text.hpp"

namespace harness {

namespace {

using json = nlohmann::json;

json side_json(const SideSummary& s) {
  return {{"dir", s.dir.string()}, {"kind", s.matrix ? "matrix" : "run"}, {"id", s.id},
          {"scenarios", s.scenarios}, {"runs", s.runs}};
}

json tolerance_json(const Tolerance& t) {
  return {{"value", t.value}, {"percent", t.percent}};
}

json distribution_json(const std::optional<Distribution>& d) {
  if (!d) return nullptr;
  return {{"median", d->median}, {"min", d->min}, {"max", d->max}, {"n", d->n}};
}

json outcome_json(const std::optional<ScenarioOutcome>& s, int runs, bool suspect,
                  const std::string& image) {
  if (!s) return nullptr;
  int passes = 0, fails = 0, errors = 0;
  for (const auto& r : s->repeats) {
    if (r.exit_code == 0) ++passes;
    else if (r.exit_code == 1) ++fails;
    else ++errors;
  }
  return {{"verdict", std::string(verdict_word(s->exit_code))}, {"verdict_text", verdict_text(s)},
          {"exit_code", s->exit_code}, {"flake", s->flake},
          {"pass_rate", s->pass_rate}, {"passes", passes}, {"fails", fails}, {"errors", errors},
          {"repeats", s->repeats.size()}, {"runs_measured", runs}, {"suspect", suspect},
          {"image", image.empty() ? json(nullptr) : json(image)}};
}

json metric_json(const MetricComparison& m) {
  return {{"metric", std::string(m.metric->name)},
          {"label", metric_label(*m.metric)},
          {"unit", std::string(m.metric->unit)},
          {"a", distribution_json(m.a)},
          {"b", distribution_json(m.b)},
          {"delta", m.delta ? json(*m.delta) : json(nullptr)},
          {"tolerance", tolerance_json(m.tolerance)},
          {"spread", m.delta ? json(m.spread) : json(nullptr)},
          {"allowed", m.delta ? json(m.allowed) : json(nullptr)},
          {"regression", m.regression},
          {"improved", m.improved}};
}

json changes_json(const std::vector<PackageChange>& v) {
  json out = json::array();
  for (const auto& c : v) {
    json e = {{"package", c.package}};
    if (!c.from.empty()) e["a"] = c.from;
    if (!c.to.empty()) e["b"] = c.to;
    out.push_back(e);
  }
  return out;
}

json package_json(const PackageComparison& p) {
  auto path_or_null = [](const std::filesystem::path& f) {
    return f.empty() ? json(nullptr) : json(f.string());
  };
  json out = {{"image_a", p.image_a.empty() ? json(nullptr) : json(p.image_a)},
              {"image_b", p.image_b.empty() ? json(nullptr) : json(p.image_b)},
              {"manifest_a", path_or_null(p.manifest_a)},
              {"manifest_b", path_or_null(p.manifest_b)},
              {"compared", p.diff.has_value()}};
  if (p.diff) {
    out["changed"] = changes_json(p.diff->changed);
    out["added"] = changes_json(p.diff->added);
    out["removed"] = changes_json(p.diff->removed);
  }
  return out;
}

}  // namespace

nlohmann::json compare_json(const Comparison& c) {
  json tolerances = json::object();
  for (const auto& [name, t] : c.tolerances) tolerances[name] = tolerance_json(t);
  json scenarios = json::array();
  for (const auto& s : c.scenarios) {
    json metrics = json::array();
    for (const auto& m : s.metrics) metrics.push_back(metric_json(m));
    scenarios.push_back({{"scenario", s.scenario},
                         {"change", std::string(to_string(s.verdict))},
                         {"regression", s.regression},
                         {"a", outcome_json(s.a, s.runs_a, s.suspect_a, s.image_a)},
                         {"b", outcome_json(s.b, s.runs_b, s.suspect_b, s.image_b)},
                         {"metrics", metrics}});
  }
  json packages = json::array();
  for (const auto& p : c.packages) packages.push_back(package_json(p));
  return {{"format", "harness-compare/1"},
          {"a", side_json(c.a)},
          {"b", side_json(c.b)},
          {"tolerances", tolerances},
          {"scenarios", scenarios},
          {"packages", packages},
          {"notes", c.notes},
          {"regressions", c.regressions},
          {"exit_code", compare_exit(c)}};
}

}  // namespace harness
