#pragma once
// `harness compare A B`: two sides (run or matrix directories, reports/compare_input.hpp) set
// side by side per scenario: the verdicts, each metric's median, spread and delta, the
// regressions beyond tolerance, and the package manifests of their images diffed. Pure: values
// in, values out; the rules are in docs/COMPARE.md.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "reports/compare_input.hpp"
#include "reports/compare_metrics.hpp"

namespace harness {

struct CompareOptions {
  std::map<std::string, Tolerance> tolerances;  // CompareMetric::name → override of the default
};

// A metric's samples on one side: median and range (min..max).
struct Distribution {
  double median = 0;
  double min = 0;
  double max = 0;
  int n = 0;
  double range() const { return max - min; }
};
Distribution distribution_of(std::vector<double> samples);  // samples not empty

struct MetricComparison {
  const CompareMetric* metric = nullptr;
  std::optional<Distribution> a, b;   // nullopt: not measured on that side
  Tolerance tolerance;                // in force (default or override)
  double allowed = 0;                 // tolerance in the metric's unit, plus the spread
  double spread = 0;                  // the larger of the two sides' ranges
  std::optional<double> delta;        // B's median − A's, when both measured
  bool regression = false;            // delta > allowed
  bool improved = false;              // −delta > allowed
};

enum class VerdictChange {
  same,         // both pass, or both did not
  new_failure,  // A passed, B failed: a regression
  new_error,    // A passed, B ended in a scenario or lab error: a regression
  fixed,        // A did not pass, B did
  only_a,       // the scenario ran on A only: listed, not a regression
  only_b,       // on B only: listed, not a regression
};
std::string_view to_string(VerdictChange c);

struct ScenarioComparison {
  std::string scenario;
  std::optional<ScenarioOutcome> a, b;   // the verdicts over the repeats
  int runs_a = 0, runs_b = 0;            // samples that reached a verdict
  bool suspect_a = false, suspect_b = false;
  std::string image_a, image_b;          // the image labels of its first samples
  VerdictChange verdict = VerdictChange::same;
  std::vector<MetricComparison> metrics; // the table's order; those measured on neither side left out
  bool regression = false;               // a new failure or error, or a metric regression
};

struct PackageComparison {
  std::string image_a, image_b;          // labels ("" when the runs name no image)
  std::filesystem::path manifest_a, manifest_b;  // empty: that side's runs hold no manifest
  std::optional<ManifestDiff> diff;      // when both manifests are there
};

struct SideSummary {
  std::filesystem::path dir;
  bool matrix = false;
  std::string id;
  int scenarios = 0;
  int runs = 0;
};

struct Comparison {
  SideSummary a, b;
  std::map<std::string, Tolerance> tolerances;  // every metric's tolerance in force
  std::vector<ScenarioComparison> scenarios;    // A's order, then those only in B
  std::vector<PackageComparison> packages;      // one per pair of images compared
  std::vector<std::string> notes;               // "A: ...", "B: ..." : left out, with the reason
  int regressions = 0;                          // scenarios with a regression
};

Comparison compare_sides(const CompareSide& a, const CompareSide& b, const CompareOptions& o = {});

// 1 when any scenario regressed, else 0.
int compare_exit(const Comparison& c);

}  // namespace harness
