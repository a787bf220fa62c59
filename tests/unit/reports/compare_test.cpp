// `harness compare` on recorded run and matrix directories (tests/data/compare/README.md):
// a metric regression, a new failure, a flake on one side, a difference within the spread of
// repeats, scenarios on one side only, the package diff, a side without manifests, bad input.
#include <gtest/gtest.h>

#include <filesystem>

#include "harness/core/errors.hpp"
#include "tests/unit/reports/compare_fixtures.hpp"
#include "unit/temp_dir.hpp"

namespace harness {
namespace {

namespace fs = std::filesystem;
using testing::compare_case;
using testing::compare_cases;
using testing::metric_in;
using testing::scenario_in;

TEST(Compare, ALongerStallThanTheToleranceIsARegression) {
  const Comparison c = compare_cases("bookworm-run", "trixie-stall");
  ASSERT_EQ(c.scenarios.size(), 1u);
  const ScenarioComparison& s = c.scenarios[0];
  EXPECT_EQ(s.scenario, "ring0-loss");
  EXPECT_EQ(s.verdict, VerdictChange::same);
  const MetricComparison* stall = metric_in(s, "longest_stall_s");
  ASSERT_NE(stall, nullptr);
  EXPECT_DOUBLE_EQ(stall->a->median, 0.311);
  EXPECT_DOUBLE_EQ(stall->b->median, 2.5);
  EXPECT_NEAR(*stall->delta, 2.189, 1e-9);
  EXPECT_DOUBLE_EQ(stall->allowed, 1.0);  // the default, single samples: no spread
  EXPECT_TRUE(stall->regression);
  // The others did not move: no regression there.
  const MetricComparison* first_io = metric_in(s, "time_to_first_io_s");
  ASSERT_NE(first_io, nullptr);
  EXPECT_FALSE(first_io->regression);
  EXPECT_DOUBLE_EQ(*first_io->delta, 0);
  EXPECT_TRUE(s.regression);
  EXPECT_EQ(c.regressions, 1);
  EXPECT_EQ(compare_exit(c), 1);
}

TEST(Compare, AMetricNeitherSideMeasuredIsLeftOut) {
  const Comparison c = compare_cases("bookworm-run", "trixie-stall");
  const ScenarioComparison& s = c.scenarios.at(0);
  EXPECT_EQ(metric_in(s, "multipath_switch_s"), nullptr) << "null on both sides";
  EXPECT_EQ(metric_in(s, "fence_latency_s"), nullptr) << "nobody was fenced on either side";
  ASSERT_NE(metric_in(s, "fence_attempts"), nullptr);
  ASSERT_NE(metric_in(s, "duration_s"), nullptr);
  EXPECT_DOUBLE_EQ(metric_in(s, "duration_s")->a->median, 193.73899951);
}

TEST(Compare, AToleranceOverrideDecidesTheSameDelta) {
  auto with = [](double value, bool percent) {
    CompareOptions o;
    o.tolerances["longest_stall_s"] = {value, percent};
    return compare_cases("bookworm-run", "trixie-stall", o);
  };
  EXPECT_EQ(compare_exit(with(2.5, false)), 0) << "+2.189 s within 2.5 s";
  EXPECT_EQ(compare_exit(with(2.0, false)), 1) << "+2.189 s beyond 2 s";
  // A percentage of A's median (0.311 s): 800% allows 2.488 s, 700% only 2.177 s.
  EXPECT_EQ(compare_exit(with(800, true)), 0);
  EXPECT_EQ(compare_exit(with(700, true)), 1);
  EXPECT_NEAR(metric_in(with(700, true).scenarios.at(0), "longest_stall_s")->allowed, 2.177, 1e-9);
}

TEST(Compare, ANewFailureIsARegression) {
  const Comparison c = compare_cases("bookworm-run", "trixie-fail");
  const ScenarioComparison& s = scenario_in(c, "ring0-loss");
  EXPECT_EQ(s.verdict, VerdictChange::new_failure);
  EXPECT_EQ(s.a->exit_code, 0);
  EXPECT_EQ(s.b->exit_code, 1);
  EXPECT_TRUE(s.regression);
  EXPECT_EQ(compare_exit(c), 1);
  // Tolerating the stall does not tolerate the failed verdict.
  CompareOptions o;
  o.tolerances["longest_stall_s"] = {10, false};
  EXPECT_EQ(compare_exit(compare_cases("bookworm-run", "trixie-fail", o)), 1);
}

TEST(Compare, AFailureFixedOnBIsNoRegression) {
  const Comparison c = compare_cases("trixie-fail", "bookworm-run");
  EXPECT_EQ(scenario_in(c, "ring0-loss").verdict, VerdictChange::fixed);
  EXPECT_TRUE(metric_in(scenario_in(c, "ring0-loss"), "longest_stall_s")->improved);
  EXPECT_EQ(compare_exit(c), 0);
}

TEST(Compare, ARunComparedWithItselfHasNoRegression) {
  for (const char* dir : {"bookworm-run", "matrix-a", "matrix-b"}) {
    const Comparison c = compare_cases(dir, dir);
    EXPECT_EQ(compare_exit(c), 0) << dir;
    for (const auto& s : c.scenarios) {
      EXPECT_EQ(s.verdict, VerdictChange::same) << dir << " " << s.scenario;
      for (const auto& m : s.metrics) EXPECT_FALSE(m.regression || m.improved) << m.metric->name;
    }
  }
}

TEST(Compare, AFlakeOnBWhereAAlwaysPassedIsANewFailure) {
  const Comparison c = compare_cases("matrix-a", "matrix-b");
  const ScenarioComparison& s = scenario_in(c, "ring0-loss");
  ASSERT_TRUE(s.a && s.b);
  EXPECT_FALSE(s.a->flake);
  EXPECT_TRUE(s.b->flake);
  EXPECT_EQ(s.b->exit_code, 1) << "2 of 3 at the required pass rate 1.0";
  EXPECT_EQ(s.verdict, VerdictChange::new_failure);
  EXPECT_TRUE(s.regression);
  // The failing repeat's 3.4 s stall is one sample of three: the medians barely move.
  const MetricComparison* stall = metric_in(s, "longest_stall_s");
  ASSERT_NE(stall, nullptr);
  EXPECT_EQ(stall->a->n, 3);
  EXPECT_EQ(stall->b->n, 3);
  EXPECT_DOUBLE_EQ(stall->a->median, 0.311);
  EXPECT_DOUBLE_EQ(stall->b->median, 0.33);
  EXPECT_DOUBLE_EQ(stall->b->min, 0.30);
  EXPECT_DOUBLE_EQ(stall->b->max, 3.4);
  EXPECT_FALSE(stall->regression);
}

TEST(Compare, WithRepeatsAMedianShiftWithinToleranceAndSpreadIsNoRegression) {
  const Comparison c = compare_cases("matrix-a", "matrix-b");
  const MetricComparison* stall = metric_in(scenario_in(c, "pause-active-3s"), "longest_stall_s");
  ASSERT_NE(stall, nullptr);
  EXPECT_DOUBLE_EQ(stall->a->median, 3.039);
  EXPECT_DOUBLE_EQ(stall->b->median, 4.3);
  EXPECT_NEAR(stall->spread, 1.3, 1e-9) << "the larger range: B's 3.6..4.9";
  EXPECT_NEAR(stall->allowed, 2.3, 1e-9) << "1 s tolerance + 1.3 s spread";
  EXPECT_FALSE(stall->regression) << "+1.261 s is beyond the tolerance, not beyond the spread";
  EXPECT_FALSE(scenario_in(c, "pause-active-3s").regression);
  // The same two figures as single runs: nothing to weigh them against, so it is a regression.
  const Comparison single = compare_cases("matrix-a/pause-active-3s-20261207-160000-a0",
                                          "matrix-b/pause-active-3s-20261208-170000-b0");
  EXPECT_TRUE(metric_in(single.scenarios.at(0), "longest_stall_s")->regression);
}

TEST(Compare, AScenarioOnOneSideOnlyIsListedAndIsNoRegression) {
  const Comparison c = compare_cases("matrix-a", "matrix-b");
  ASSERT_EQ(c.scenarios.size(), 4u);
  const ScenarioComparison& only_a = scenario_in(c, "ring1-loss");
  EXPECT_EQ(only_a.verdict, VerdictChange::only_a);
  EXPECT_FALSE(only_a.b.has_value());
  EXPECT_FALSE(only_a.regression);
  const ScenarioComparison& only_b = scenario_in(c, "link-cut-passive");
  EXPECT_EQ(only_b.verdict, VerdictChange::only_b);
  EXPECT_FALSE(only_b.regression);
  // A's order first, then B's own.
  EXPECT_EQ(c.scenarios.back().scenario, "link-cut-passive");
  EXPECT_EQ(c.regressions, 1) << "only ring0-loss's new failure";
}

TEST(Compare, ThePackageManifestsAreDiffedChangedAddedRemoved) {
  const Comparison c = compare_cases("bookworm-run", "trixie-stall");
  ASSERT_EQ(c.packages.size(), 1u);
  const PackageComparison& p = c.packages[0];
  EXPECT_EQ(p.image_a, "default@352c13631bbb");
  EXPECT_EQ(p.image_b, "trixie@9f0e13631bbb");
  ASSERT_TRUE(p.diff.has_value());
  const ManifestDiff& d = *p.diff;
  ASSERT_EQ(d.changed.size(), 7u);
  EXPECT_EQ(d.changed[0].package, "corosync");
  EXPECT_EQ(d.changed[0].from, "3.1.7-1+deb12u2");
  EXPECT_EQ(d.changed[0].to, "3.1.9-2");
  bool pacemaker = false;
  for (const auto& ch : d.changed)
    if (ch.package == "pacemaker") {
      pacemaker = true;
      EXPECT_EQ(ch.from, "2.1.5-1+deb12u1");
      EXPECT_EQ(ch.to, "3.0.1-1");
    }
  EXPECT_TRUE(pacemaker);
  ASSERT_EQ(d.added.size(), 1u);
  EXPECT_EQ(d.added[0].package, "linux-image-6.12.57+deb13-amd64");
  EXPECT_EQ(d.added[0].to, "6.12.57-1");
  ASSERT_EQ(d.removed.size(), 1u);
  EXPECT_EQ(d.removed[0].package, "linux-image-6.1.0-57-amd64");
  EXPECT_EQ(d.removed[0].from, "6.1.192-3");
}

TEST(Compare, ASideWithoutManifestsIsSaidAndTheComparisonGoesOn) {
  const Comparison c = compare_cases("matrix-a", "matrix-b");
  ASSERT_EQ(c.packages.size(), 1u);
  const PackageComparison& p = c.packages[0];
  EXPECT_EQ(p.image_a, "default@352c13631bbb");
  EXPECT_EQ(p.image_b, "") << "matrix-b's runs name no image";
  EXPECT_FALSE(p.manifest_a.empty());
  EXPECT_TRUE(p.manifest_b.empty());
  EXPECT_FALSE(p.diff.has_value());
  EXPECT_EQ(c.scenarios.size(), 4u) << "the metrics are compared all the same";
}

TEST(Compare, AKilledRunIsBadInputNamingTheDirectoryAndTheFilesExpected) {
  try {
    read_compare_side(compare_case("killed-run"));
    FAIL() << "no result.json: expected a UsageError";
  } catch (const UsageError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(compare_case("killed-run").string()), std::string::npos) << what;
    EXPECT_NE(what.find("result.json"), std::string::npos) << what;
    EXPECT_NE(what.find("matrix.json"), std::string::npos) << what;
  }
  EXPECT_THROW(read_compare_side(compare_case("no-such-dir")), UsageError);
}

TEST(Compare, AMatrixRunWithoutResultJsonIsANoteAndTheRestIsCompared) {
  TempDir tmp;
  fs::copy(compare_case("matrix-a"), tmp.path() / "a", fs::copy_options::recursive);
  const fs::path gone = tmp.path() / "a" / "ring0-loss-20261207-161000-a1" / "result.json";
  fs::remove(gone);
  const CompareSide side = read_compare_side(tmp.path() / "a");
  ASSERT_EQ(side.notes.size(), 1u);
  EXPECT_NE(side.notes[0].find(gone.string()), std::string::npos) << side.notes[0];
  const Comparison c = compare_sides(side, read_compare_side(compare_case("matrix-a")));
  EXPECT_EQ(metric_in(scenario_in(c, "ring0-loss"), "longest_stall_s")->a->n, 2);
  ASSERT_EQ(c.notes.size(), 1u);
  EXPECT_EQ(c.notes[0].rfind("A: ", 0), 0u) << c.notes[0];
}

TEST(Compare, AnOutDirectoryIsReadThroughItsLatestLink) {
  TempDir tmp;
  fs::create_directory_symlink(fs::absolute(compare_case("matrix-b")), tmp.path() / "latest");
  const CompareSide side = read_compare_side(tmp.path());
  EXPECT_TRUE(side.matrix);
  EXPECT_EQ(side.id, "matrix-20261208-160000-bbbb");
  EXPECT_EQ(side.scenarios.size(), 3u);
}

}  // namespace
}  // namespace harness
