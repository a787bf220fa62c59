// Joining shards: the same scenario's repeats from two shards are one scenario decided again;
// shards of different settings, overlapping shards, a run counted twice and bad directories are
// errors naming the directories; a missing shard is reported, never a silent green.
#include <gtest/gtest.h>

#include "harness/core/errors.hpp"
#include "harness/core/matrix_verdict.hpp"
#include "reports/matrix_json.hpp"
#include "reports/matrix_merge.hpp"
#include "reports/writers.hpp"
#include "tests/unit/temp_dir.hpp"
#include "tests/unit/reports/matrix_fixtures.hpp"

namespace harness {
namespace {

using namespace harness::testing;
namespace fs = std::filesystem;

// Shard K of 2 of a `--repeat 2` matrix: link-cut-active runs on both shards (one repeat each),
// split-brain only on shard 1, pause only on shard 2.
MatrixResult shard(const fs::path& dir, int k, int split_exit, int pause_exit) {
  MatrixResult m;
  m.matrix_id = "nightly-7";
  m.seed = 7;
  m.shard_index = k;
  m.shard_count = 2;
  m.repeat = 2;
  m.started_realtime_ns = (1714564800LL + 10 * k) * kSec;
  m.duration_s = 100;
  ScenarioOutcome link;
  link.scenario = "link-cut-active";
  link.file = "scenarios/link-cut-active.json";
  link.repeats.push_back(repeat_of(dir, "link" + std::to_string(k), k, k == 1 ? 0 : 1, 40));
  m.scenarios.push_back(link);
  ScenarioOutcome other;
  other.scenario = k == 1 ? "split-brain" : "pause";
  other.repeats.push_back(repeat_of(dir, other.scenario, 1, k == 1 ? split_exit : pause_exit, 30));
  other.repeats.push_back(repeat_of(dir, other.scenario, 2, k == 1 ? split_exit : pause_exit, 30));
  m.scenarios.push_back(other);
  decide_verdicts(m);
  return m;
}

MatrixInput input(const fs::path& dir, MatrixResult m) {
  write_matrix_json(m, dir / "matrix.json");
  return read_matrix_input(dir);
}

void expect_usage_error(const std::vector<MatrixInput>& in, const std::vector<std::string>& parts) {
  try {
    merge_matrices(in);
    ADD_FAILURE() << "merged";
  } catch (const UsageError& e) {
    for (const auto& p : parts)
      EXPECT_NE(std::string(e.what()).find(p), std::string::npos) << e.what() << "\nlacks: " << p;
  }
}

TEST(MatrixMerge, TwoShardsJoinIntoOneMatrixDecidedAgain) {
  const auto dir = temp_dir("merge-two");
  const auto a = input(dir / "shard-1", shard(dir / "shard-1", 1, 0, 0));
  const auto b = input(dir / "shard-2", shard(dir / "shard-2", 2, 0, 0));
  // Each shard alone saw link-cut-active pass (shard 1) or fail (shard 2): neither was a flake.
  EXPECT_FALSE(a.matrix.scenarios[0].flake);
  EXPECT_FALSE(b.matrix.scenarios[0].flake);

  const MergeResult r = merge_matrices({a, b});
  EXPECT_FALSE(r.incomplete);
  EXPECT_TRUE(r.notes.empty());
  const MatrixResult& m = r.matrix;
  EXPECT_EQ(m.matrix_id, "nightly-7");
  EXPECT_EQ(m.shard_index, 1);
  EXPECT_EQ(m.shard_count, 1);
  EXPECT_EQ(m.repeat, 2);
  ASSERT_EQ(m.scenarios.size(), 3u);
  EXPECT_EQ(m.scenarios[0].scenario, "link-cut-active");
  EXPECT_EQ(m.scenarios[1].scenario, "split-brain");
  EXPECT_EQ(m.scenarios[2].scenario, "pause");
  const auto& link = m.scenarios[0];
  ASSERT_EQ(link.repeats.size(), 2u);
  EXPECT_EQ(link.repeats[0].repeat, 1);
  EXPECT_EQ(link.repeats[1].repeat, 2);
  EXPECT_EQ(link.repeats[1].run_dir, (dir / "shard-2" / link.repeats[1].run_id).string());
  // Together they disagree: a flake, and red at the default pass rate.
  EXPECT_TRUE(link.flake);
  EXPECT_EQ(link.exit_code, 1);
  EXPECT_DOUBLE_EQ(link.pass_rate, 0.5);
  EXPECT_EQ(m.scenarios[1].exit_code, 0);
  // Side by side: from the first start to the last end.
  EXPECT_EQ(m.started_realtime_ns, (1714564800LL + 10) * kSec);
  EXPECT_DOUBLE_EQ(m.duration_s, 110);
}

TEST(MatrixMerge, RepeatsAreOrderedByRepeatNumberWhateverTheShardOrder) {
  const auto dir = temp_dir("merge-order");
  const auto a = input(dir / "shard-1", shard(dir / "shard-1", 1, 0, 0));
  const auto b = input(dir / "shard-2", shard(dir / "shard-2", 2, 0, 0));
  const MergeResult r = merge_matrices({b, a});
  EXPECT_EQ(r.matrix.scenarios[0].repeats[0].repeat, 1);
  EXPECT_EQ(r.matrix.scenarios[0].repeats[0].exit_code, 0);
}

TEST(MatrixMerge, ShardsWithDifferentSettingsAreAnErrorNamingBoth) {
  const auto dir = temp_dir("merge-settings");
  const auto a = input(dir / "s1", shard(dir / "s1", 1, 0, 0));
  MatrixResult other = shard(dir / "s2", 2, 0, 0);
  other.repeat = 3;
  expect_usage_error({a, input(dir / "s2", other)},
                     {(dir / "s2").string(), (dir / "s1").string(), "--repeat 3", "--repeat 2"});
  other = shard(dir / "s3", 2, 0, 0);
  other.pass_rate_required = 0.5;
  expect_usage_error({a, input(dir / "s3", other)}, {(dir / "s3").string(), "--pass-rate 0.5"});
  other = shard(dir / "s4", 2, 0, 0);
  other.shard_count = 3;
  expect_usage_error({a, input(dir / "s4", other)}, {"shard 2/3", "shard 1/2"});
}

TEST(MatrixMerge, OverlappingShardsAreAnError) {
  const auto dir = temp_dir("merge-overlap");
  const auto a = input(dir / "a", shard(dir / "a", 1, 0, 0));
  MatrixResult again = shard(dir / "b", 1, 1, 0);
  for (auto& s : again.scenarios)
    for (auto& r : s.repeats) r.run_id += "-b";  // other runs, same shard number
  expect_usage_error({a, input(dir / "b", again)},
                     {(dir / "b").string(), "is shard 1/2, and so is", (dir / "a").string()});
}

TEST(MatrixMerge, TheSameDirectoryOrRunTwiceIsAnError) {
  const auto dir = temp_dir("merge-twice");
  const auto a = input(dir / "a", shard(dir / "a", 1, 0, 0));
  expect_usage_error({a, a}, {"given twice"});
  // A run directory of a shard given beside the shard itself would count that run twice.
  const auto& rep = a.matrix.scenarios[1].repeats[0];
  RunReport run;
  run.run_id = rep.run_id;
  run.scenario_name = "split-brain";
  run.seed = 1;
  write_result_json(run, rep.run_dir + "/result.json");
  expect_usage_error({a, read_matrix_input(rep.run_dir)}, {rep.run_id, "count twice"});
}

TEST(MatrixMerge, AMissingShardIsReportedAndMarksTheMergeIncomplete) {
  const auto dir = temp_dir("merge-missing");
  const MergeResult r = merge_matrices({input(dir / "s2", shard(dir / "s2", 2, 0, 0))});
  EXPECT_TRUE(r.incomplete);
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_EQ(r.notes[0], "shard 1 of 2 missing: its scenarios are not in this report");
}

TEST(MatrixMerge, SingleRunDirectoriesJoinAsRepeats) {
  const auto dir = temp_dir("merge-runs");
  RunReport r1;
  r1.run_id = "run-1";
  r1.scenario_name = "link-cut-active";
  r1.seed = 5;
  r1.exit_code = 0;
  r1.duration_s = 10;
  r1.started_realtime_ns = 1714564800LL * kSec;
  RunReport r2 = r1;
  r2.run_id = "run-2";
  r2.exit_code = 1;
  r2.suspect = true;
  r2.suspect_reason = "starved";
  r2.started_realtime_ns += 20 * kSec;
  write_result_json(r1, dir / "run-1" / "result.json");
  write_result_json(r2, dir / "run-2" / "result.json");
  const MergeResult m = merge_matrices({read_matrix_input(dir / "run-1"), read_matrix_input(dir / "run-2")});
  ASSERT_EQ(m.matrix.scenarios.size(), 1u);
  const auto& s = m.matrix.scenarios[0];
  ASSERT_EQ(s.repeats.size(), 2u);
  EXPECT_TRUE(s.flake);
  EXPECT_EQ(s.exit_code, 1);
  EXPECT_TRUE(s.repeats[1].suspect);
  EXPECT_EQ(s.repeats[1].suspect_reason, "starved");
  EXPECT_EQ(s.repeats[0].run_dir, (dir / "run-1").string());
  EXPECT_DOUBLE_EQ(m.matrix.duration_s, 30);
  EXPECT_FALSE(m.incomplete);
}

TEST(MatrixMerge, AnOutDirectoryIsReadThroughItsLatestLink) {
  const auto dir = temp_dir("merge-latest");
  fs::create_directories(dir / "shard-1" / "matrix-a");
  MatrixResult m;
  m.matrix_id = "matrix-a";
  ScenarioOutcome s;
  s.scenario = "ring0-loss";
  RepeatOutcome r;
  r.run_id = "ring0-loss-1";
  r.run_dir = (dir / "shard-1" / "matrix-a" / "ring0-loss-1").string();
  s.repeats.push_back(r);
  m.scenarios.push_back(s);
  decide_verdicts(m);
  write_matrix_json(m, dir / "shard-1" / "matrix-a" / "matrix.json");
  fs::create_directory_symlink("matrix-a", dir / "shard-1" / "latest");
  auto in = read_matrix_input(dir / "shard-1");
  EXPECT_EQ(in.matrix.matrix_id, "matrix-a");
  ASSERT_EQ(in.matrix.scenarios.size(), 1u);
  EXPECT_EQ(in.matrix.scenarios[0].scenario, "ring0-loss");
}

TEST(MatrixMerge, BadDirectoriesAreUsageErrorsNamingTheDirectoryAndWhatIsMissing) {
  const auto dir = temp_dir("merge-bad");
  fs::create_directories(dir / "empty");
  try {
    read_matrix_input(dir / "empty");
    ADD_FAILURE();
  } catch (const UsageError& e) {
    EXPECT_EQ(std::string(e.what()), (dir / "empty").string() +
                                         ": has neither matrix.json (a matrix directory) nor "
                                         "result.json (a run directory), nor a latest link to one");
  }
  try {
    read_matrix_input(dir / "absent");
    ADD_FAILURE();
  } catch (const UsageError& e) {
    EXPECT_EQ(std::string(e.what()).rfind((dir / "absent").string() + ": not a directory", 0), 0u)
        << e.what();
  }
  write_file(dir / "broken" / "matrix.json", "{\"format\": \"harness-matrix/1\"}");
  try {
    read_matrix_input(dir / "broken");
    ADD_FAILURE();
  } catch (const UsageError& e) {
    EXPECT_EQ(std::string(e.what()), (dir / "broken" / "matrix.json").string() +
                                         ": /matrix_id: missing (required)");
  }
}

}  // namespace
}  // namespace harness
