// result.json: what goes in comes out (the seed above 2^53 included), the derived top-level
// maps are there for jq, and bad input is refused with the file and the JSON pointer named.
#include <gtest/gtest.h>

#include <fstream>

#include "harness/core/errors.hpp"
#include "reports/writers.hpp"
#include "tests/unit/reports/report_fixtures.hpp"

namespace harness {
namespace {

using namespace harness::testing;
using nlohmann::json;

void expect_same(const RunReport& a, const RunReport& b) {
  EXPECT_EQ(a.run_id, b.run_id);
  EXPECT_EQ(a.scenario_name, b.scenario_name);
  EXPECT_EQ(a.scenario_file, b.scenario_file);
  EXPECT_EQ(a.description, b.description);
  EXPECT_EQ(a.seed, b.seed);
  EXPECT_EQ(a.started_realtime_ns, b.started_realtime_ns);
  EXPECT_DOUBLE_EQ(a.duration_s, b.duration_s);
  EXPECT_EQ(a.exit_code, b.exit_code);
  EXPECT_EQ(a.error, b.error);
  EXPECT_EQ(a.lab, b.lab);
  EXPECT_EQ(a.lab_mode, b.lab_mode);
  EXPECT_EQ(a.suspect, b.suspect);
  EXPECT_EQ(a.suspect_reason, b.suspect_reason);
  ASSERT_EQ(a.phases.size(), b.phases.size());
  for (std::size_t i = 0; i < a.phases.size(); ++i) {
    EXPECT_EQ(a.phases[i].name, b.phases[i].name);
    EXPECT_EQ(a.phases[i].state, b.phases[i].state);
    EXPECT_DOUBLE_EQ(a.phases[i].duration_s, b.phases[i].duration_s);
    EXPECT_EQ(a.phases[i].error, b.phases[i].error);
  }
  ASSERT_EQ(a.checks.size(), b.checks.size());
  for (std::size_t i = 0; i < a.checks.size(); ++i) {
    EXPECT_EQ(a.checks[i].name, b.checks[i].name);
    EXPECT_EQ(a.checks[i].verdict, b.checks[i].verdict);
    EXPECT_EQ(a.checks[i].summary, b.checks[i].summary);
    EXPECT_EQ(a.checks[i].metrics, b.checks[i].metrics);
    EXPECT_EQ(a.checks[i].evidence, b.checks[i].evidence);
  }
  EXPECT_EQ(a.versions, b.versions);
}

TEST(ReportResultJson, RoundTripKeepsEveryField) {
  const auto dir = temp_dir("rt");
  RunReport in = sample_report();
  in.error = "lab: " + kNasty;
  in.exit_code = 3;
  in.lab_mode = "reverted";
  in.suspect = true;
  in.suspect_reason = "n1's vCPU waited 1.4 s for a host CPU";
  write_result_json(in, dir / "result.json");
  expect_same(in, read_result_json(dir / "result.json"));
}

TEST(ReportResultJson, SeedIsWrittenExactly) {
  const auto dir = temp_dir("seed");
  write_result_json(sample_report(), dir / "result.json");
  // Not 1.8446744073709552e+19: a rounded seed cannot reproduce the run.
  EXPECT_NE(read_file(dir / "result.json").find("\"seed\": 18446744073709551615"),
            std::string::npos);
}

TEST(ReportResultJson, HasTopLevelVerdictsAndMetricsForJq) {
  const auto dir = temp_dir("top");
  write_result_json(sample_report(), dir / "result.json");
  const json j = json::parse(read_file(dir / "result.json"));
  EXPECT_EQ(j.at("format"), "harness-result/1");
  EXPECT_EQ(j.at("scenario"), "link-cut-active");
  EXPECT_EQ(j.at("verdicts").at("path_switch"), "pass");
  EXPECT_EQ(j.at("verdicts").at("integrity"), "fail");
  EXPECT_EQ(j.at("verdicts").at("fencing"), "unknown");
  EXPECT_DOUBLE_EQ(j.at("metrics").at("path_switch").at("longest_stall_s").get<double>(), 4.2);
  EXPECT_EQ(j.at("versions").at("libvirt"), "9.0.0");
  EXPECT_EQ(j.at("started"), "2024-05-01 12:00:00.123 UTC");
}

// Writes `j` as result.json and returns the message read_result_json throws.
std::string read_error(const json& j, const std::string& name) {
  const auto dir = temp_dir(name);
  std::ofstream(dir / "result.json") << j.dump();
  try {
    read_result_json(dir / "result.json");
  } catch (const Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "no error for " << j.dump();
  return {};
}

TEST(ReportResultJson, BadVerdictNamesFileAndPointer) {
  json j = sample_report();
  j["checks"][1]["verdict"] = "maybe";
  const std::string msg = read_error(j, "verdict");
  EXPECT_NE(msg.find("result.json: /checks/1/verdict: expected one of pass, fail, unknown"),
            std::string::npos) << msg;
  EXPECT_NE(msg.find("\"maybe\""), std::string::npos) << msg;
}

TEST(ReportResultJson, MissingAndMistypedFieldsAreErrors) {
  json j = sample_report();
  j.erase("run_id");
  EXPECT_NE(read_error(j, "missing").find("/run_id: missing"), std::string::npos);

  j = sample_report();
  j["seed"] = -1;
  EXPECT_NE(read_error(j, "seed").find("/seed: expected a non-negative integer, found -1"),
            std::string::npos);

  j = sample_report();
  j["phases"][0]["duration_s"] = "long";
  EXPECT_NE(read_error(j, "phase").find("/phases/0/duration_s: expected a number"),
            std::string::npos);

  j = sample_report();
  j["exit_code"] = 7;
  EXPECT_NE(read_error(j, "exit").find("/exit_code: expected 0, 1, 2 or 3"), std::string::npos);

  j = sample_report();
  j["format"] = "harness-result/2";
  EXPECT_NE(read_error(j, "format").find("/format"), std::string::npos);
}

TEST(ReportResultJson, NotJsonOrMissingFileNamesTheFile) {
  const auto dir = temp_dir("notjson");
  std::ofstream(dir / "result.json") << "{\"run_id\": ";
  try {
    read_result_json(dir / "result.json");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find((dir / "result.json").string() + ": not valid JSON"),
              std::string::npos) << e.what();
  }
  EXPECT_THROW(read_result_json(dir / "absent.json"), Error);
}

TEST(ReportResultJson, WriteCreatesDirectoriesAndLeavesNoTempFile) {
  const auto dir = temp_dir("mkdir");
  write_result_json(sample_report(), dir / "a" / "b" / "result.json");
  EXPECT_TRUE(std::filesystem::exists(dir / "a" / "b" / "result.json"));
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir / "a" / "b")) ++files;
  EXPECT_EQ(files, 1u);
}

}  // namespace
}  // namespace harness
