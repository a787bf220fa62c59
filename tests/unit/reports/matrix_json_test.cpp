// matrix.json: a round trip keeps every value (the 64-bit seed exactly), run directories are
// stored relative to the file and found again when the directory moves, and a malformed file is
// an error naming the file, the JSON pointer and what was expected.
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "harness/core/errors.hpp"
#include "reports/matrix_json.hpp"
#include "tests/unit/reports/matrix_fixtures.hpp"

namespace harness {
namespace {

using namespace harness::testing;
namespace fs = std::filesystem;

void expect_same(const MatrixResult& a, const MatrixResult& b) {
  EXPECT_EQ(a.matrix_id, b.matrix_id);
  EXPECT_EQ(a.seed, b.seed);
  EXPECT_EQ(a.shard_index, b.shard_index);
  EXPECT_EQ(a.shard_count, b.shard_count);
  EXPECT_EQ(a.repeat, b.repeat);
  EXPECT_DOUBLE_EQ(a.pass_rate_required, b.pass_rate_required);
  EXPECT_EQ(a.started_realtime_ns, b.started_realtime_ns);
  EXPECT_DOUBLE_EQ(a.duration_s, b.duration_s);
  ASSERT_EQ(a.scenarios.size(), b.scenarios.size());
  for (std::size_t i = 0; i < a.scenarios.size(); ++i) {
    const auto& x = a.scenarios[i];
    const auto& y = b.scenarios[i];
    EXPECT_EQ(x.scenario, y.scenario);
    EXPECT_EQ(x.file, y.file);
    EXPECT_EQ(x.exit_code, y.exit_code);
    EXPECT_EQ(x.flake, y.flake);
    EXPECT_DOUBLE_EQ(x.pass_rate, y.pass_rate);
    ASSERT_EQ(x.repeats.size(), y.repeats.size());
    for (std::size_t k = 0; k < x.repeats.size(); ++k) {
      const auto& r = x.repeats[k];
      const auto& q = y.repeats[k];
      EXPECT_EQ(r.repeat, q.repeat);
      EXPECT_EQ(r.run_id, q.run_id);
      EXPECT_EQ(r.run_dir, q.run_dir);
      EXPECT_EQ(r.seed, q.seed);
      EXPECT_EQ(r.exit_code, q.exit_code);
      EXPECT_DOUBLE_EQ(r.duration_s, q.duration_s);
      EXPECT_EQ(r.suspect, q.suspect);
      EXPECT_EQ(r.suspect_reason, q.suspect_reason);
      EXPECT_EQ(r.retry, q.retry);
      EXPECT_EQ(r.lab_mode, q.lab_mode);
      EXPECT_EQ(r.deploy_key, q.deploy_key);
    }
  }
}

TEST(MatrixJson, RoundTripKeepsEveryValue) {
  const auto dir = temp_dir("matrix-json-rt");
  const MatrixResult m = sample_matrix(dir);
  write_matrix_json(m, dir / "matrix.json");
  expect_same(m, read_matrix_json(dir / "matrix.json"));
}

TEST(MatrixJson, FileCarriesItsFormatVersionVerdictsAndTotals) {
  const auto dir = temp_dir("matrix-json-fields");
  write_matrix_json(sample_matrix(dir), dir / "matrix.json");
  const auto j = nlohmann::json::parse(read_file(dir / "matrix.json"));
  EXPECT_EQ(j.at("format"), "harness-matrix/1");
  EXPECT_EQ(j.at("seed").get<std::uint64_t>(), 18446744073709551615ULL);
  EXPECT_EQ(j.at("exit_code"), 3);
  EXPECT_EQ(j.at("shard").at("index"), 1);
  EXPECT_EQ(j.at("shard").at("count"), 2);
  EXPECT_EQ(j.at("totals").at("flakes"), 1);
  EXPECT_EQ(j.at("totals").at("suspects"), 1);
  EXPECT_EQ(j.at("totals").at("runs"), 9);
  const auto& flaky = j.at("scenarios").at(1);
  EXPECT_EQ(flaky.at("verdict"), "fail");
  EXPECT_EQ(flaky.at("flake"), true);
  EXPECT_EQ(flaky.at("suspect"), true);
  EXPECT_EQ(flaky.at("repeats").at(1).at("suspect_reason"),
            "n1 vCPU not scheduled for 2.40 s (limit 1.00 s)");
  EXPECT_EQ(flaky.at("repeats").at(2).at("retry"), true);
  EXPECT_EQ(j.at("scenarios").at(2).at("verdict"), "infrastructure_error");
  // Stored relative to the file: the directory can move as a whole.
  EXPECT_EQ(flaky.at("repeats").at(0).at("run_dir"), "20240501-120010-split-0");
}

TEST(MatrixJson, RunDirectoriesFollowTheMatrixDirectoryWhenItMoves) {
  const auto dir = temp_dir("matrix-json-move");
  MatrixResult m = sample_matrix(dir / "a");
  m.scenarios[0].repeats[0].run_dir = (dir / "elsewhere" / "r1").string();
  write_matrix_json(m, dir / "a" / "matrix.json");
  fs::rename(dir / "a", dir / "b");
  const MatrixResult back = read_matrix_json(dir / "b" / "matrix.json");
  EXPECT_EQ(back.scenarios[1].repeats[0].run_dir,
            (dir / "b" / "20240501-120010-split-0").string());
  EXPECT_EQ(back.scenarios[0].repeats[0].run_dir, (dir / "elsewhere" / "r1").string());
}

TEST(MatrixJson, RelativeRunDirectoriesAreResolvedFromTheWorkingDirectory) {
  // As `harness run --out runs/shard-1` records them: relative to where the harness ran.
  const auto dir = temp_dir("matrix-json-cwd");
  const fs::path old = fs::current_path();
  fs::current_path(dir);
  MatrixResult m = sample_matrix("runs/shard-1");
  write_matrix_json(m, "runs/shard-1/matrix.json");
  const auto j = nlohmann::json::parse(read_file(dir / "runs/shard-1/matrix.json"));
  EXPECT_EQ(j.at("scenarios").at(0).at("repeats").at(0).at("run_dir"), "20240501-120010-link--0");
  const MatrixResult back = read_matrix_json("runs/shard-1/matrix.json");
  fs::current_path(old);
  EXPECT_EQ(back.scenarios[0].repeats[0].run_dir, "runs/shard-1/20240501-120010-link--0");
}

struct Malformed {
  const char* name;
  std::string text;
  std::string expected;  // in the message after the file name
};

TEST(MatrixJson, MalformedFileNamesFileJsonPathAndWhatWasExpected) {
  const auto dir = temp_dir("matrix-json-bad");
  write_matrix_json(sample_matrix(dir), dir / "good.json");
  const auto good = nlohmann::json::parse(read_file(dir / "good.json"));
  const auto with = [&](const char* pointer, nlohmann::json value) {
    auto j = good;
    j[nlohmann::json::json_pointer(pointer)] = std::move(value);
    return j.dump();
  };
  auto without = [&](const char* parent, const char* key) {
    auto j = good;
    j[nlohmann::json::json_pointer(parent)].erase(key);
    return j.dump();
  };
  const Malformed cases[] = {
      {"exit", with("/scenarios/1/repeats/2/exit_code", "x"),
       "/scenarios/1/repeats/2/exit_code: expected an integer, found \"x\""},
      {"range", with("/scenarios/0/exit_code", 7), "/scenarios/0/exit_code: expected 0, 1, 2 or 3, found 7"},
      {"rundir", without("/scenarios/0/repeats/1", "run_dir"), "/scenarios/0/repeats/1/run_dir: missing"},
      {"format", with("/format", "harness-matrix/2"),
       "/format: expected \"harness-matrix/1\", found \"harness-matrix/2\""},
      {"noformat", without("", "format"), "/format: missing"},
      {"shard", with("/shard/index", 3), "/shard/index: expected at most /shard/count (2), found 3"},
      {"rate", with("/pass_rate_required", 1.5), "/pass_rate_required: expected a number from 0 to 1"},
      {"repeats", with("/scenarios/2/repeats", nlohmann::json::object()),
       "/scenarios/2/repeats: expected an array"},
      {"suspect", with("/scenarios/1/repeats/1/suspect", "yes"),
       "/scenarios/1/repeats/1/suspect: expected true or false"},
      {"notjson", "{\"format\": ", "not valid JSON"},
      {"array", "[]", "/: expected an object"},
  };
  for (const auto& c : cases) {
    const auto file = dir / (std::string(c.name) + ".json");
    std::ofstream(file) << c.text;
    try {
      read_matrix_json(file);
      ADD_FAILURE() << c.name << ": accepted";
    } catch (const Error& e) {
      const std::string msg = e.what();
      EXPECT_EQ(msg.rfind(file.string() + ": ", 0), 0u) << c.name << ": " << msg;
      EXPECT_NE(msg.find(c.expected), std::string::npos) << c.name << ": " << msg;
    }
  }
  try {
    read_matrix_json(dir / "absent.json");
    ADD_FAILURE() << "absent file accepted";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), (dir / "absent.json").string() + ": cannot open");
  }
}

}  // namespace
}  // namespace harness
