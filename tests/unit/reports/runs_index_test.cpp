// runs/index.html: run and matrix directories newest first with verdicts, flakes, suspects and key
// metrics; an unreadable entry is listed with its reason and does not stop the others; things
// that are not runs (runs/latest, other directories) stay out.
#include <gtest/gtest.h>

#include <pugixml.hpp>

#include "harness/core/errors.hpp"
#include "reports/matrix_json.hpp"
#include "reports/runs_index.hpp"
#include "reports/writers.hpp"
#include "tests/unit/reports/matrix_fixtures.hpp"
#include "tests/unit/temp_dir.hpp"

namespace harness {
namespace {

using namespace harness::testing;
namespace fs = std::filesystem;

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

RunReport run_at(std::int64_t started_s, const std::string& id) {
  RunReport r = sample_report();
  r.run_id = id;
  r.started_realtime_ns = started_s * kSec;
  return r;
}

// runs/: an old run, a newer suspect one, a matrix directory in between, a killed run (history,
// no result), a run whose result.json is corrupt, runs/latest, and a directory that is no run.
fs::path populated_runs(const std::string& name) {
  const auto runs = temp_dir(name) / "runs";
  write_result_json(run_at(1714564800, "old-run"), runs / "old-run" / "result.json");
  RunReport suspect = run_at(1714571000, "new-run");
  suspect.exit_code = 0;
  suspect.checks[1].verdict = Verdict::pass;
  suspect.checks[2].verdict = Verdict::pass;
  suspect.suspect = true;
  suspect.suspect_reason = "n2 vCPU not scheduled for 3.10 s";
  write_result_json(suspect, runs / "new-run" / "result.json");
  MatrixResult m = sample_matrix(runs / "shard-1");
  m.started_realtime_ns = 1714568000LL * kSec;
  write_matrix_json(m, runs / "shard-1" / "matrix.json");
  write_file(runs / "killed" / "history.jsonl", "{}\n");
  write_file(runs / "corrupt" / "result.json", "{\"format\": \"harness-result/1\", \"run_id\": 3}");
  fs::create_directory_symlink("new-run", runs / "latest");
  fs::create_directories(runs / "images");
  return runs;
}

TEST(RunsIndex, ScansRunsAndMatricesNewestFirstAndListsUnreadableOnes) {
  const auto runs = populated_runs("runs-index-scan");
  const auto entries = scan_runs_dir(runs);
  std::vector<std::string> names;
  for (const auto& e : entries) names.push_back(e.dir.filename().string());
  // latest (a symlink) and images (no run files) are left out.
  ASSERT_EQ(names.size(), 5u) << ::testing::PrintToString(names);
  // The three with a start time in order; the unreadable ones carry their modification time,
  // which is now: newer than 2024.
  EXPECT_EQ(std::vector<std::string>(names.end() - 3, names.end()),
            (std::vector<std::string>{"new-run", "shard-1", "old-run"}));
  for (const auto& e : entries) {
    if (e.dir.filename() == "shard-1") {
      EXPECT_EQ(e.kind, RunsIndexEntry::Kind::matrix);
    }
    if (e.dir.filename() == "old-run") {
      EXPECT_EQ(e.kind, RunsIndexEntry::Kind::run);
    }
    if (e.dir.filename() == "killed") {
      EXPECT_EQ(e.kind, RunsIndexEntry::Kind::unreadable);
      EXPECT_TRUE(has(e.error, "no result.json")) << e.error;
    }
    if (e.dir.filename() == "corrupt") {
      EXPECT_EQ(e.kind, RunsIndexEntry::Kind::unreadable);
      EXPECT_TRUE(has(e.error, (runs / "corrupt" / "result.json").string() +
                                   ": /run_id: expected a string, found 3"))
          << e.error;
    }
  }
}

TEST(RunsIndex, PageShowsVerdictsFlakesSuspectsAndKeyMetricsWithRelativeLinks) {
  const auto runs = populated_runs("runs-index-page");
  write_runs_index(runs);
  const std::string html = read_file(runs / "index.html");
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(html.c_str())) << html.substr(0, 400);
  EXPECT_TRUE(has(html, "href=\"new-run/report.html\"")) << html;
  EXPECT_TRUE(has(html, "href=\"shard-1/index.html\"")) << html;
  EXPECT_TRUE(has(html, "SUSPECT")) << html;
  EXPECT_TRUE(has(html, "n2 vCPU not scheduled for 3.10 s")) << html;
  EXPECT_TRUE(has(html, "1 FLAKE")) << html;
  EXPECT_TRUE(has(html, "FAIL split-brain pass 3/4 FLAKE SUSPECT")) << html;
  // Key metrics: the longest stall first, not the whole metric tree.
  EXPECT_TRUE(has(html, "path_switch.longest_stall_s 4.200")) << html;
  EXPECT_TRUE(has(html, "integrity.readback_errors 3")) << html;
  EXPECT_FALSE(has(html, "faults.0.stall_s")) << html;
  // Unreadable entries are listed, with why; the rest is still there.
  EXPECT_TRUE(has(html, "UNREADABLE")) << html;
  EXPECT_TRUE(has(html, "/run_id: expected a string, found 3")) << html;
  EXPECT_TRUE(has(html, "href=\"old-run/report.html\"")) << html;
  // Newest first on the page too.
  EXPECT_LT(html.find("href=\"new-run/report.html\""), html.find("href=\"shard-1/index.html\""));
  EXPECT_LT(html.find("href=\"shard-1/index.html\""), html.find("href=\"old-run/report.html\""));
  EXPECT_FALSE(has(html, "href=\"latest/"));
  // The matrix's own runs are on its index, not repeated here.
  EXPECT_FALSE(has(html, "20240501-120010-split-0")) << html;
}

TEST(RunsIndex, AMatrixWrittenIntoTheRunsDirectoryItselfComesFirst) {
  const auto runs = populated_runs("runs-index-own");
  MatrixResult own = sample_matrix(runs);
  own.matrix_id = "own-matrix";
  write_matrix_json(own, runs / "matrix.json");
  write_runs_index(runs);
  const std::string html = read_file(runs / "index.html");
  EXPECT_TRUE(has(html, "Matrix own-matrix")) << html;
  EXPECT_LT(html.find("Matrix own-matrix"), html.find("Runs in "));
  EXPECT_TRUE(has(html, "href=\"20240501-120020-split-1/report.html\"")) << html;
}

TEST(RunsIndex, EscapesWhatTheRunsWrote) {
  const auto runs = temp_dir("runs-index-escape") / "runs";
  RunReport r = run_at(1714564800, "r");
  r.scenario_name = "<script>alert(1)</script>";
  r.error = kNasty;
  write_result_json(r, runs / "r" / "result.json");
  write_runs_index(runs);
  const std::string html = read_file(runs / "index.html");
  EXPECT_FALSE(has(html, "<script>alert")) << html;
  EXPECT_TRUE(has(html, "&lt;script&gt;alert(1)&lt;/script&gt;")) << html;
  pugi::xml_document doc;
  EXPECT_TRUE(doc.load_string(html.c_str()));
}

TEST(RunsIndex, AnUnlistableRunsDirectoryIsAnErrorNamingIt) {
  const auto dir = temp_dir("runs-index-missing");
  EXPECT_THROW(scan_runs_dir(dir / "nope"), Error);
  try {
    write_runs_index(dir / "nope");
  } catch (const Error& e) {
    EXPECT_TRUE(has(e.what(), (dir / "nope").string())) << e.what();
  }
}

}  // namespace
}  // namespace harness
