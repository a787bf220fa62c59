// `harness report --merge DIR... --out DIR` as CI calls it: exit 0/1 like run, 2 naming the
// directory on bad input, 3 when a shard is missing; the four files written; the options checked.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "drivers/remote/process.hpp"
#include "harness/core/clock.hpp"
#include "harness/core/deadline.hpp"
#include "harness/core/matrix_verdict.hpp"
#include "reports/matrix_json.hpp"
#include "reports/matrix_reports.hpp"

namespace harness {
namespace {

namespace fs = std::filesystem;

CommandResult harness_cli(std::vector<std::string> args) {
  static auto clock = make_system_clock();
  args.insert(args.begin(), HARNESS_BINARY);
  return run_process(args, Deadline::after(*clock, 60));
}

fs::path scratch(const std::string& name) {
  auto dir = fs::temp_directory_path() / ("harness-merge-cli-" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// Shard K of 2: one scenario of its own, repeated twice with the given exits.
void write_shard(const fs::path& dir, int k, int exit1, int exit2) {
  MatrixResult m;
  m.matrix_id = "nightly";
  m.shard_index = k;
  m.shard_count = 2;
  m.repeat = 2;
  ScenarioOutcome s;
  s.scenario = "scenario-" + std::to_string(k);
  for (int i : {1, 2}) {
    RepeatOutcome r;
    r.repeat = i;
    r.run_id = s.scenario + "-" + std::to_string(i);
    r.run_dir = (dir / r.run_id).string();
    r.exit_code = i == 1 ? exit1 : exit2;
    s.repeats.push_back(r);
  }
  m.scenarios.push_back(s);
  decide_verdicts(m);
  write_matrix_json(m, dir / "matrix.json");
}

TEST(ReportMerge, TwoPassingShardsMergeToExitZeroAndFourFiles) {
  const auto dir = scratch("pass");
  write_shard(dir / "shard-1", 1, 0, 0);
  write_shard(dir / "shard-2", 2, 0, 0);
  auto r = harness_cli({"report", "--merge", (dir / "shard-1").string(), (dir / "shard-2").string(),
                        "--out", (dir / "merged").string()});
  EXPECT_EQ(r.exit_status, 0) << r.out << r.err;
  const MatrixDirFiles f = matrix_dir_files(dir / "merged");
  for (const auto& p : {f.matrix_json, f.summary, f.junit, f.index}) EXPECT_TRUE(fs::exists(p)) << p;
  EXPECT_NE(r.out.find("scenario-1"), std::string::npos) << r.out;
  EXPECT_EQ(read_matrix_json(f.matrix_json).scenarios.size(), 2u);
}

TEST(ReportMerge, AFailingScenarioInAnyShardExitsOne) {
  const auto dir = scratch("fail");
  write_shard(dir / "shard-1", 1, 0, 0);
  write_shard(dir / "shard-2", 2, 0, 1);
  auto r = harness_cli({"--quiet", "report", "--merge", (dir / "shard-1").string(),
                        (dir / "shard-2").string(), "--out", (dir / "merged").string()});
  EXPECT_EQ(r.exit_status, 1) << r.out << r.err;
  EXPECT_EQ(r.out, "");  // --quiet
}

TEST(ReportMerge, AMissingShardIsNeverGreen) {
  const auto dir = scratch("missing");
  write_shard(dir / "shard-1", 1, 0, 0);
  auto r = harness_cli({"report", "--merge", (dir / "shard-1").string(), "--out",
                        (dir / "merged").string()});
  EXPECT_EQ(r.exit_status, 3) << r.out << r.err;
  EXPECT_NE(r.err.find("shard 2 of 2 missing"), std::string::npos) << r.err;
}

TEST(ReportMerge, BadInputExitsTwoNamingTheDirectory) {
  const auto dir = scratch("bad");
  write_shard(dir / "shard-1", 1, 0, 0);
  fs::create_directories(dir / "empty");
  auto r = harness_cli({"report", "--merge", (dir / "shard-1").string(), (dir / "empty").string(),
                        "--out", (dir / "merged").string()});
  EXPECT_EQ(r.exit_status, 2) << r.out << r.err;
  EXPECT_NE(r.err.find((dir / "empty").string() + ": has neither matrix.json"), std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(dir / "merged" / "matrix.json"));

  // Overlapping shards.
  write_shard(dir / "again", 1, 0, 1);
  r = harness_cli({"report", "--merge", (dir / "shard-1").string(), (dir / "again").string(),
                   "--out", (dir / "merged").string()});
  EXPECT_EQ(r.exit_status, 2) << r.err;
  EXPECT_NE(r.err.find("the shards overlap"), std::string::npos) << r.err;
}

TEST(ReportMerge, OptionsAreChecked) {
  const auto dir = scratch("options");
  write_shard(dir / "shard-1", 1, 0, 0);
  auto r = harness_cli({"report", "--merge", (dir / "shard-1").string()});
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_NE(r.err.find("--out DIR is required"), std::string::npos) << r.err;
  r = harness_cli({"report", "--merge", (dir / "shard-1").string(), "--out", (dir / "shard-1").string()});
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_NE(r.err.find("is also --out"), std::string::npos) << r.err;
  r = harness_cli({"report", "--recheck", "--merge", (dir / "shard-1").string(), "--out",
                   (dir / "m").string()});
  EXPECT_EQ(r.exit_status, 2);
  r = harness_cli({"report"});
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_NE(r.err.find("--merge DIR... --out DIR"), std::string::npos) << r.err;
  r = harness_cli({"report", "--help"});
  EXPECT_EQ(r.exit_status, 0);
  EXPECT_NE(r.out.find("--merge"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace harness
