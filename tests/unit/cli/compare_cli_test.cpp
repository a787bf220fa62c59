// `harness compare` as a user runs it: exit 1 on a regression, 0 without, 2 on bad input naming
// the directory and the file expected; --tolerance, --json and --html.
#include <gtest/gtest.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "drivers/remote/process.hpp"
#include "harness/core/clock.hpp"
#include "harness/core/deadline.hpp"
#include "unit/temp_dir.hpp"

namespace harness {
namespace {

namespace fs = std::filesystem;

CommandResult harness_cli(std::vector<std::string> args) {
  static auto clock = make_system_clock();
  args.insert(args.begin(), HARNESS_BINARY);
  return run_process(args, Deadline::after(*clock, 60));
}

std::string data(const std::string& name) {
  return (fs::path(TEST_DATA_DIR) / "compare" / name).string();
}

TEST(CompareCli, ARegressionExitsOneAndTheTableMarksIt) {
  auto r = harness_cli({"compare", data("bookworm-run"), data("trixie-stall")});
  EXPECT_EQ(r.exit_status, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("REGRESSION"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("pacemaker"), std::string::npos) << "the package diff: " << r.out;
  EXPECT_EQ(r.err, "");
}

TEST(CompareCli, AToleranceOverrideTurnsItIntoExitZero) {
  auto r = harness_cli({"compare", data("bookworm-run"), data("trixie-stall"), "--tolerance",
                        "longest_stall_s=2.5"});
  EXPECT_EQ(r.exit_status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("result: no regression"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2.5 s"), std::string::npos) << "the tolerance in force is shown: " << r.out;
}

TEST(CompareCli, ToleranceOptionsMayComeFirstAndRepeat) {
  auto r = harness_cli({"compare", "--tolerance", "longest_stall_s=2.5", "--tolerance",
                        "duration_s=5%", data("bookworm-run"), data("trixie-stall")});
  EXPECT_EQ(r.exit_status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("5% ("), std::string::npos) << "duration_s's tolerance in force: " << r.out;
}

TEST(CompareCli, ABadToleranceIsAUsageError) {
  auto r = harness_cli({"compare", data("bookworm-run"), data("trixie-stall"), "--tolerance",
                        "stall=2"});
  EXPECT_EQ(r.exit_status, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("--tolerance stall=2: expected one of the metrics"), std::string::npos) << r.err;
}

TEST(CompareCli, ADirectoryWithoutResultsExitsTwoNamingPathAndFile) {
  auto r = harness_cli({"compare", data("bookworm-run"), data("killed-run")});
  EXPECT_EQ(r.exit_status, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("compare RUN_B: " + data("killed-run")), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("result.json"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST(CompareCli, JsonAndHtmlOutputs) {
  TempDir tmp;
  const auto html = tmp.path() / "compare.html";
  auto r = harness_cli({"compare", data("matrix-a"), data("matrix-b"), "--json", "--html",
                        html.string()});
  EXPECT_EQ(r.exit_status, 1) << r.out << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["format"], "harness-compare/1");
  EXPECT_EQ(j["regressions"], 1);
  EXPECT_NE(read_text(html).find("REGRESSION: new failure"), std::string::npos);
}

TEST(CompareCli, HelpListsTheMetricsAndTheirDefaultTolerances) {
  auto r = harness_cli({"compare", "--help"});
  EXPECT_EQ(r.exit_status, 0) << r.err;
  EXPECT_NE(r.out.find("longest_stall_s"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("20%"), std::string::npos) << "duration_s's default: " << r.out;
  EXPECT_NE(r.out.find("--tolerance"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace harness
