#include "reports/compare_words.hpp"

#include <cmath>

#include <fmt/format.h>

#include "reports/matrix_text.hpp"

namespace harness {

namespace {

std::string value_text(const CompareMetric& m, double v) {
  if (m.unit == "s") return fmt::format("{:.3f} s", v);
  if (m.unit.empty()) return fmt::format("{:g}", v);
  return fmt::format("{:g} {}", v, m.unit);
}

std::string bare_value(const CompareMetric& m, double v) {
  return m.unit == "s" ? fmt::format("{:.3f}", v) : fmt::format("{:g}", v);
}

}  // namespace

std::string side_text(const SideSummary& s) {
  if (s.matrix)
    return fmt::format("matrix {} ({} scenario{}, {} run{})  {}", s.id, s.scenarios,
                       s.scenarios == 1 ? "" : "s", s.runs, s.runs == 1 ? "" : "s", s.dir.string());
  return fmt::format("run {}  {}", s.id, s.dir.string());
}

std::string verdict_text(const std::optional<ScenarioOutcome>& s) {
  if (!s) return "-";
  std::string out(verdict_label(s->exit_code));
  if (s->repeats.size() > 1) out += " " + pass_count(*s);
  if (const std::string m = marks(*s); !m.empty()) out += " " + m;
  return out;
}

std::string distribution_text(const CompareMetric& m, const std::optional<Distribution>& d) {
  if (!d) return "-";
  std::string out = value_text(m, d->median);
  if (d->n > 1 && d->min == d->max) out += fmt::format(" ({} runs)", d->n);
  else if (d->n > 1)
    out += fmt::format(" ({}..{}, {} runs)", bare_value(m, d->min), bare_value(m, d->max), d->n);
  return out;
}

std::string delta_text(const MetricComparison& c) {
  if (!c.delta) return "";
  const CompareMetric& m = *c.metric;
  const double d = *c.delta;
  const std::string sign = d < 0 ? "-" : "+";
  return sign + value_text(m, std::fabs(d));
}

std::string allowed_text(const MetricComparison& c) {
  const CompareMetric& m = *c.metric;
  std::string out = tolerance_text(m, c.tolerance);
  if (c.tolerance.percent && c.a) out += " (" + value_text(m, c.allowed - c.spread) + ")";
  if (c.spread > 0) out += " + spread " + value_text(m, c.spread);
  return out;
}

std::string metric_mark(const MetricComparison& c) {
  if (c.regression) return "REGRESSION";
  if (c.improved) return "better";
  if (c.a && !c.b) return "measured on A only";
  if (c.b && !c.a) return "measured on B only";
  return "";
}

std::string verdict_mark(const ScenarioComparison& s) {
  switch (s.verdict) {
    case VerdictChange::new_failure: return "REGRESSION: new failure";
    case VerdictChange::new_error: return "REGRESSION: new error";
    case VerdictChange::fixed: return "fixed";
    case VerdictChange::only_a: return "only in A (not a regression)";
    case VerdictChange::only_b: return "only in B (not a regression)";
    case VerdictChange::same: return "";
  }
  return "";
}

bool one_sided(const ScenarioComparison& s) {
  return s.verdict == VerdictChange::only_a || s.verdict == VerdictChange::only_b;
}

std::string image_text(const std::string& label) {
  return label.empty() ? "an unnamed image" : label;
}

}  // namespace harness
