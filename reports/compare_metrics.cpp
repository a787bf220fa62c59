#include "reports/compare_metrics.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "harness/core/errors.hpp"

namespace harness {

namespace {

using R = MetricRead;

// Defaults are what a TCG lab on a shared host repeats within (docs/COMPARE.md gives the
// reasons): seconds of stall and fencing vary by about a second from run to run; any new I/O
// error, verify error or unexpected fencing is a regression.
const std::vector<CompareMetric> kMetrics = {
    {"longest_stall_s", "path_switch", "longest_stall_s", R::number, "s", {1.0, false},
     "the path switch: the longest time without a completed I/O after the worst fault"},
    {"time_to_first_io_s", "path_switch", "time_to_first_io_s", R::number, "s", {1.0, false},
     "from the fault to the completion that ended its longest stall: when I/O came back"},
    {"multipath_switch_s", "path_switch", "multipath_switch_s", R::number, "s", {1.0, false},
     "from the fault to multipathd's switch of the path group, when it logged one"},
    {"p99_latency_s", "path_switch", "p99_latency_s", R::number, "s", {0.5, false},
     "99th percentile I/O latency in the fault window"},
    {"fence_latency_s", "fencing", "fence_latency_s", R::max_of_object, "s", {2.0, false},
     "fence time: from a fencing's request (after its delay) to its end, the slowest node's"},
    {"fence_attempts", "fencing", "fence_attempts", R::number, "", {0, false},
     "fencing attempts recorded"},
    {"unexpected_fenced", "fencing", "unexpected_fenced", R::count_of_array, "", {0, false},
     "nodes fenced that the scenario expected to survive"},
    {"io_errors", "integrity", "io_errors", R::number, "", {0, false},
     "I/O errors fio saw"},
    {"fio_verify_errors", "integrity", "fio_verify_errors", R::number, "", {0, false},
     "blocks fio's verify found wrong"},
    {"readback_errors", "integrity", "readback_errors", R::number, "", {0, false},
     "blocks the read-back after the heal found wrong"},
    {"out_of_sync_kib", "integrity", "out_of_sync_kib", R::number, "KiB", {0, false},
     "what DRBD's online verify found out of sync between the peers"},
    {"duration_s", "", "duration_s", R::number, "s", {20.0, true},
     "time to verdict: the whole run, provisioning or revert to teardown"},
};

std::optional<double> number_of(const nlohmann::json& v) {
  if (v.is_number()) return v.get<double>();
  return std::nullopt;
}

}  // namespace

const std::vector<CompareMetric>& compare_metrics() { return kMetrics; }

const CompareMetric* find_compare_metric(std::string_view name) {
  for (const auto& m : kMetrics)
    if (name == m.name || name == metric_label(m)) return &m;
  return nullptr;
}

std::string metric_label(const CompareMetric& m) {
  if (m.check.empty()) return std::string(m.name);
  return fmt::format("{}.{}", m.check, m.key);
}

std::optional<double> read_metric(const CompareMetric& m, const RunReport& r) {
  if (m.check.empty()) return r.duration_s;  // the only run-level figure in the table
  for (const auto& c : r.checks) {
    if (c.name != m.check || !c.metrics.is_object()) continue;
    auto it = c.metrics.find(std::string(m.key));
    if (it == c.metrics.end()) return std::nullopt;
    switch (m.read) {
      case R::number: return number_of(*it);
      case R::count_of_array:
        if (it->is_array()) return static_cast<double>(it->size());
        return std::nullopt;
      case R::max_of_object: {
        std::optional<double> top;
        if (!it->is_object()) return std::nullopt;
        for (const auto& [node, v] : it->items())
          if (auto x = number_of(v)) top = top ? std::max(*top, *x) : *x;
        return top;
      }
    }
  }
  return std::nullopt;
}

std::string tolerance_text(const CompareMetric& m, const Tolerance& t) {
  if (t.percent) return fmt::format("{:g}%", t.value);
  if (m.unit.empty()) return fmt::format("{:g}", t.value);
  return fmt::format("{:g} {}", t.value, m.unit);
}

std::pair<const CompareMetric*, Tolerance> parse_tolerance(std::string_view arg) {
  auto names = [] {
    std::string out;
    for (const auto& m : kMetrics) out += (out.empty() ? "" : ", ") + std::string(m.name);
    return out;
  };
  const auto eq = arg.find('=');
  if (eq == std::string_view::npos)
    throw UsageError(fmt::format("--tolerance {}: expected NAME=VALUE or NAME=VALUE%", arg));
  const std::string_view name = arg.substr(0, eq);
  std::string_view value = arg.substr(eq + 1);
  const CompareMetric* m = find_compare_metric(name);
  if (!m)
    throw UsageError(fmt::format("--tolerance {}: expected one of the metrics {}, found \"{}\"",
                                 arg, names(), name));
  Tolerance t;
  if (!value.empty() && value.back() == '%') {
    t.percent = true;
    value.remove_suffix(1);
  }
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), t.value);
  if (value.empty() || ec != std::errc() || end != value.data() + value.size() ||
      !std::isfinite(t.value) || t.value < 0)
    throw UsageError(fmt::format(
        "--tolerance {}: expected a non-negative number{} after '=', found \"{}\"", arg,
        m->unit.empty() ? "" : fmt::format(" (in {}, or a percentage with %)", m->unit), value));
  return {m, t};
}

}  // namespace harness
