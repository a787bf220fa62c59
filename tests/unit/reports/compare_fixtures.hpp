#pragma once
// The recorded run and matrix directories of tests/data/compare/ (its README says what each is).
#include <filesystem>
#include <stdexcept>
#include <string>

#include "reports/compare.hpp"

namespace harness::testing {

inline std::filesystem::path compare_case(const std::string& name) {
  return std::filesystem::path(TEST_DATA_DIR) / "compare" / name;
}

inline Comparison compare_cases(const std::string& a, const std::string& b,
                                const CompareOptions& o = {}) {
  return compare_sides(read_compare_side(compare_case(a)), read_compare_side(compare_case(b)), o);
}

inline const ScenarioComparison& scenario_in(const Comparison& c, const std::string& name) {
  for (const auto& s : c.scenarios)
    if (s.scenario == name) return s;
  throw std::runtime_error("no scenario " + name + " in the comparison");
}

// The row of `metric` (its --tolerance name); nullptr when left out (measured on neither side).
inline const MetricComparison* metric_in(const ScenarioComparison& s, const std::string& metric) {
  for (const auto& m : s.metrics)
    if (m.metric->name == metric) return &m;
  return nullptr;
}

}  // namespace harness::testing
