// `harness run --dry-run` through the built binary: the plan of the shipped catalogue, the two
// shards of it that add up to the whole, selections and their errors, --rerun-failed's reading
// of an earlier run. Nothing here starts a VM: a dry run starts nothing.
#include <filesystem>
#include <fstream>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "drivers/remote/process.hpp"
#include "harness/core/clock.hpp"
#include "harness/core/deadline.hpp"

namespace harness {
namespace {

namespace fs = std::filesystem;
const fs::path kSource = HARNESS_SOURCE_DIR;

CommandResult harness_cli(std::vector<std::string> args) {
  static auto clock = make_system_clock();
  args.insert(args.begin(), HARNESS_BINARY);
  return run_process(args, Deadline::after(*clock, 60), {}, {});
}

nlohmann::json dry_plan(std::vector<std::string> extra) {
  std::vector<std::string> args{"run", (kSource / "scenarios").string(), "--dry-run", "--json", "--seed", "5"};
  args.insert(args.end(), extra.begin(), extra.end());
  auto r = harness_cli(args);
  EXPECT_EQ(r.exit_status, 0) << r.err;
  return nlohmann::json::parse(r.out);
}

std::multiset<std::string> runs(const nlohmann::json& plan) {
  std::multiset<std::string> out;
  for (const auto& g : plan["groups"])
    for (const auto& r : g["runs"])
      out.insert(r["scenario"].get<std::string>() + "#" + std::to_string(r["repeat"].get<int>()));
  return out;
}

TEST(RunPlanCli, TwoShardsOfTheCatalogueAreDisjointAndAddUpToTheWholeRepeatedSet) {
  auto whole = runs(dry_plan({"--repeat", "2"}));
  auto one = runs(dry_plan({"--repeat", "2", "--shard", "1/2"}));
  auto two = runs(dry_plan({"--repeat", "2", "--shard", "2/2"}));
  EXPECT_GE(whole.size(), 22u);
  EXPECT_FALSE(one.empty());
  EXPECT_FALSE(two.empty());
  auto joined = one;
  joined.insert(two.begin(), two.end());
  EXPECT_EQ(joined, whole);
  for (const auto& r : one) EXPECT_EQ(two.count(r), 0u) << r << " is in both shards";
}

TEST(RunPlanCli, TheCatalogueSharesALabExceptWhereItsTunablesDiffer) {
  auto plan = dry_plan({});
  std::size_t largest = 0;
  for (const auto& g : plan["groups"]) largest = std::max<std::size_t>(largest, g["runs"].size());
  EXPECT_GE(largest, 2u) << plan.dump(2);
  EXPECT_LT(plan["groups"].size(), plan["selected"].size()) << "every scenario deployed on its own";
}

TEST(RunPlanCli, TheTextPlanNamesGroupsSeedsAndEstimates) {
  auto r = harness_cli({"run", (kSource / "scenarios").string(), "--dry-run", "-k", "ring", "--seed", "77"});
  EXPECT_EQ(r.exit_status, 0) << r.err;
  EXPECT_NE(r.out.find("seed 77"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ring0-loss"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ring1-loss"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("node-kill"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("deploy group "), std::string::npos) << r.out;
}

TEST(RunPlanCli, ImageReplacesTheScenariosOwnAndTwiceGivesOnePlanPerImage) {
  auto r = harness_cli({"run", (kSource / "scenarios").string(), "--dry-run", "-k", "ring0", "--image", "trixie"});
  EXPECT_EQ(r.exit_status, 0) << r.err;
  EXPECT_NE(r.out.find("(image trixie,"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("(image default,"), std::string::npos) << r.out;

  r = harness_cli({"run", (kSource / "scenarios").string(), "--dry-run", "-k", "ring0", "--out", "/tmp/q",
                   "--image", "default", "--image", "trixie"});
  EXPECT_EQ(r.exit_status, 0) << r.err;
  const auto a = r.out.find("image default (runs under /tmp/q/default)");
  const auto b = r.out.find("image trixie (runs under /tmp/q/trixie)");
  ASSERT_NE(a, std::string::npos) << r.out;
  ASSERT_NE(b, std::string::npos) << r.out;
  EXPECT_LT(a, b);
  EXPECT_NE(r.out.find("(image default,", a), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("(image trixie,", b), std::string::npos) << r.out;

  r = harness_cli({"run", (kSource / "scenarios").string(), "--dry-run", "--image", "Trixie!"});
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_NE(r.err.find("--image Trixie!"), std::string::npos) << r.err;
  r = harness_cli({"run", (kSource / "scenarios").string(), "--dry-run", "--image", "a", "--image", "a"});
  EXPECT_EQ(r.exit_status, 2);
}

TEST(RunPlanCli, BadSelectionsAndShardsAreUsageErrorsNamingTheArgument) {
  auto r = harness_cli({"run", (kSource / "scenarios").string(), "--dry-run", "-k", "no-such-scenario"});
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_NE(r.err.find("-k no-such-scenario"), std::string::npos) << r.err;
  r = harness_cli({"run", (kSource / "scenarios").string(), "--dry-run", "--shard", "3/2"});
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_NE(r.err.find("--shard 3/2"), std::string::npos) << r.err;
  r = harness_cli({"run", (kSource / "scenarios").string(), "--json"});
  EXPECT_EQ(r.exit_status, 2) << "--json without --dry-run";
}

TEST(RunPlanCli, RerunFailedSelectsWhatFailedInAnEarlierRunAndNothingWhenItPassed) {
  auto dir = fs::temp_directory_path() / ("harness-plan-cli-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "failed");
  fs::create_directories(dir / "passed");
  fs::create_directories(dir / "empty");
  // A run directory as `harness run` writes it, reduced to what --rerun-failed reads; the
  // report's own reader takes it, so the fields are the real ones.
  auto result = [](int exit_code) {
    return nlohmann::json{{"scenario", "ring1-loss"}, {"scenario_file", "scenarios/ring1-loss.json"},
                          {"run_id", "ring1-loss-x"}, {"seed", 1}, {"exit_code", exit_code},
                          {"checks", nlohmann::json::array()}, {"phases", nlohmann::json::array()}};
  };
  std::ofstream(dir / "failed" / "result.json") << result(1).dump();
  std::ofstream(dir / "passed" / "result.json") << result(0).dump();

  auto r = harness_cli({"run", (kSource / "scenarios").string(), "--dry-run", "--json", "--rerun-failed",
                        (dir / "failed").string()});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  auto plan = nlohmann::json::parse(r.out);
  EXPECT_EQ(plan["selected"], nlohmann::json::array({"ring1-loss"}));

  r = harness_cli({"run", (kSource / "scenarios").string(), "--rerun-failed", (dir / "passed").string()});
  EXPECT_EQ(r.exit_status, 0) << r.err;
  EXPECT_NE(r.out.find("nothing failed"), std::string::npos) << r.out;

  r = harness_cli({"run", (kSource / "scenarios").string(), "--rerun-failed", (dir / "empty").string()});
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_NE(r.err.find("result.json"), std::string::npos) << r.err;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace harness
