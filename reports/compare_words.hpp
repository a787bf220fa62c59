#pragma once
// How a comparison's values read, shared by the terminal table, the HTML page and the JSON's
// text fields, so that all three say the same thing about a scenario and a metric.
#include <optional>
#include <string>

#include "reports/compare.hpp"

namespace harness {

// "matrix nightly-1 (4 scenarios, 12 runs)" / "run ring0-loss-2026..." and the directory.
std::string side_text(const SideSummary& s);

// "PASS", "FAIL pass 2/3 FLAKE", "-" (the scenario did not run on that side).
std::string verdict_text(const std::optional<ScenarioOutcome>& s);

// "0.311 s", "0.311 s (0.300..0.350, 3 runs)": the median, then the range when several runs
// ("0 (3 runs)" when they agree); "-" when not measured.
std::string distribution_text(const CompareMetric& m, const std::optional<Distribution>& d);

// "+2.189 s", "-1", "" without both sides.
std::string delta_text(const MetricComparison& c);

// The tolerance in force and the spread added to it: "1 s", "20% (38.747 s)", "1 s + spread 0.050 s".
std::string allowed_text(const MetricComparison& c);

// "REGRESSION", "better" or "" for a metric; for a scenario's verdict row: "REGRESSION: new
// failure", "fixed", "only in A (not a regression)", "".
std::string metric_mark(const MetricComparison& c);
std::string verdict_mark(const ScenarioComparison& s);

// A scenario on one side only: the table shows its verdict line alone (its figures are in the JSON).
bool one_sided(const ScenarioComparison& s);

// "default@352c13631bbb", "an unnamed image" when the runs named none.
std::string image_text(const std::string& label);

}  // namespace harness
