// The compare metric table: how each metric is read from a run's checks, and --tolerance parsing.
#include <gtest/gtest.h>

#include "harness/core/errors.hpp"
#include "reports/compare_metrics.hpp"

namespace harness {
namespace {

RunReport with_fencing(nlohmann::json metrics) {
  RunReport r;
  r.duration_s = 211.5;
  r.checks.push_back({"fencing", Verdict::pass, "", std::move(metrics), nlohmann::json::array()});
  return r;
}

const CompareMetric& metric(const char* name) {
  const CompareMetric* m = find_compare_metric(name);
  if (!m) throw std::runtime_error(std::string("no metric ") + name);
  return *m;
}

TEST(CompareMetrics, FenceTimeIsTheSlowestNodesAndNullsAreNotMeasured) {
  // The shape fence_race_report.cpp writes: node → seconds, null for a fencing still pending.
  RunReport r = with_fencing({{"fence_latency_s", {{"n1", 7.25}, {"n2", nullptr}, {"n3", 9.5}}},
                              {"unexpected_fenced", {"n2"}},
                              {"fence_attempts", 2}});
  EXPECT_EQ(read_metric(metric("fence_latency_s"), r), 9.5);
  EXPECT_EQ(read_metric(metric("unexpected_fenced"), r), 1.0);
  EXPECT_EQ(read_metric(metric("fence_attempts"), r), 2.0);
  EXPECT_EQ(read_metric(metric("duration_s"), r), 211.5);
  EXPECT_FALSE(read_metric(metric("longest_stall_s"), r)) << "no path_switch check";
  RunReport none = with_fencing({{"fence_latency_s", nlohmann::json::object()}});
  EXPECT_FALSE(read_metric(metric("fence_latency_s"), none)) << "nobody fenced: not measured";
}

TEST(CompareMetrics, FoundByNameOrByCheckAndKey) {
  EXPECT_EQ(find_compare_metric("longest_stall_s"), find_compare_metric("path_switch.longest_stall_s"));
  EXPECT_EQ(metric_label(metric("fence_latency_s")), "fencing.fence_latency_s");
  EXPECT_EQ(metric_label(metric("duration_s")), "duration_s");
  EXPECT_EQ(find_compare_metric("stall"), nullptr);
}

TEST(CompareMetrics, ToleranceArgumentsInUnitsOrPercent) {
  auto [m, t] = parse_tolerance("longest_stall_s=2.0");
  EXPECT_EQ(m->name, "longest_stall_s");
  EXPECT_DOUBLE_EQ(t.value, 2.0);
  EXPECT_FALSE(t.percent);
  auto [m2, t2] = parse_tolerance("path_switch.time_to_first_io_s=15%");
  EXPECT_EQ(m2->name, "time_to_first_io_s");
  EXPECT_DOUBLE_EQ(t2.value, 15);
  EXPECT_TRUE(t2.percent);
  EXPECT_EQ(tolerance_text(*m, t), "2 s");
  EXPECT_EQ(tolerance_text(*m2, t2), "15%");
}

TEST(CompareMetrics, BadToleranceArgumentsSayWhatWasExpected) {
  auto message = [](const char* arg) {
    try {
      parse_tolerance(arg);
    } catch (const UsageError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_NE(message("longest_stall_s").find("expected NAME=VALUE"), std::string::npos);
  const std::string unknown = message("stall=2");
  EXPECT_NE(unknown.find("found \"stall\""), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("longest_stall_s"), std::string::npos) << "lists the names: " << unknown;
  EXPECT_NE(message("longest_stall_s=-1").find("non-negative number"), std::string::npos);
  EXPECT_NE(message("longest_stall_s=2s").find("found \"2s\""), std::string::npos);
  EXPECT_NE(message("longest_stall_s=").find("non-negative"), std::string::npos);
}

}  // namespace
}  // namespace harness
