#pragma once
// The metrics `harness compare` sets side by side (docs/COMPARE.md, "Metrics"): one row per
// metric, read from a run's result.json values, with its unit and default tolerance. The
// comparison, the `--tolerance` parser, `harness compare --help` and the docs all read this table.
// Every metric here is worse when it grows.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/core/run_report.hpp"

namespace harness {

// How the value is found in the check's metrics.
enum class MetricRead {
  number,          // a number (null: not measured)
  max_of_object,   // an object of node → number: the largest (fence_latency_s: the slowest fencing)
  count_of_array,  // an array: its length (unexpected_fenced: how many nodes)
};

// How far side B may be worse than side A before it is a regression.
struct Tolerance {
  double value = 0;
  bool percent = false;  // value is a percentage of side A's median
};

struct CompareMetric {
  std::string_view name;   // the --tolerance key, e.g. "longest_stall_s"
  std::string_view check;  // the check whose metrics hold it; "" for the run's own figure
  std::string_view key;    // its key there (the run's own: a RunReport field)
  MetricRead read = MetricRead::number;
  std::string_view unit;   // "s", "KiB", or "" for a count
  Tolerance tolerance;     // the default
  std::string_view doc;
};

const std::vector<CompareMetric>& compare_metrics();

// By name ("longest_stall_s") or label ("path_switch.longest_stall_s"); nullptr if unknown.
const CompareMetric* find_compare_metric(std::string_view name);

// "path_switch.longest_stall_s", or the bare name for the run's own figures.
std::string metric_label(const CompareMetric& m);

// The metric's value in one run; nullopt when the run has no such check or did not measure it.
std::optional<double> read_metric(const CompareMetric& m, const RunReport& r);

// "1 s", "20%", "0" (a count): how a tolerance is shown.
std::string tolerance_text(const CompareMetric& m, const Tolerance& t);

// "NAME=VALUE" or "NAME=VALUE%" (a --tolerance argument). Throws UsageError naming the argument
// and what was expected (the known names, a non-negative number).
std::pair<const CompareMetric*, Tolerance> parse_tolerance(std::string_view arg);

}  // namespace harness
