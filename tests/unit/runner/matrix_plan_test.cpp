// The matrix plan: selection by -k and --rerun-failed, deploy groups by deploy key, rounds of
// repeats, seeds a single run replays, and shards that add up to the unsharded set on any machine.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "harness/core/errors.hpp"
#include "harness/runner/matrix_plan.hpp"
#include "unit/runner/runner_fixture.hpp"

namespace harness {
namespace {

std::vector<Scenario> catalogue(int n) {
  std::vector<Scenario> out;
  for (int i = 0; i < n; ++i) {
    Scenario s = testing::node_kill_scenario();
    s.name = "scenario-" + std::to_string(i);
    s.file = s.name + ".json";
    s.workload.runtime_s = 30 + 10 * (i % 4);
    out.push_back(s);
  }
  return out;
}

std::vector<std::pair<std::string, int>> runs_of(const MatrixPlan& p, const std::vector<Scenario>& sc) {
  std::vector<std::pair<std::string, int>> out;
  for (const auto& g : p.groups)
    for (const auto& r : g.runs) out.emplace_back(sc[r.scenario_index].name, r.repeat);
  return out;
}

TEST(MatrixPlanTest, ScenariosWithTheSameDeploymentShareOneGroupAndATunableSplitsThem) {
  auto sc = catalogue(3);
  sc[1].steps.clear();           // steps and workload are not part of the deployment
  sc[1].workload.runtime_s = 99;
  sc[2].tunables.corosync.token_ms += 1000;
  EXPECT_EQ(deploy_key(sc[0]), deploy_key(sc[1]));
  EXPECT_NE(deploy_key(sc[0]), deploy_key(sc[2]));
  auto other_uri = sc[0];
  other_uri.lab.uri = "qemu+ssh://elsewhere/system";  // where, not what
  EXPECT_EQ(deploy_key(sc[0]), deploy_key(other_uri));
  auto other_image = sc[0];
  other_image.lab.image = "trixie";
  EXPECT_NE(deploy_key(sc[0]), deploy_key(other_image));

  MatrixPlan p = plan_matrix(sc, {});
  ASSERT_EQ(p.groups.size(), 2u);
  EXPECT_EQ(p.groups[0].runs.size(), 2u);
  EXPECT_EQ(p.groups[1].runs.size(), 1u);
  EXPECT_EQ(p.groups[1].key, deploy_key(sc[2]));
  EXPECT_NE(p.groups[1].label.find("corosync.token_ms="), std::string::npos) << p.groups[1].label;
  EXPECT_EQ(p.groups[0].label.find("corosync.token_ms="), std::string::npos) << p.groups[0].label;
  EXPECT_EQ(p.groups[0].key.size(), 16u);
}

// A run that changes its lab for good (a permanent step, node_upgrade) is never reverted for
// another run: each repeat of it deploys its own lab, and the other scenarios keep theirs.
TEST(MatrixPlanTest, ARunWithAPermanentStepGetsALabOfItsOwnEachRepeat) {
  auto sc = catalogue(3);
  ASSERT_TRUE(sc[1].steps.at(0).fault);
  sc[1].steps[0].fault->permanent = true;
  PlanOptions o;
  o.repeat = 2;
  MatrixPlan p = plan_matrix(sc, o);
  // scenario-0 and -2 share one group (4 runs); scenario-1's two repeats each have one.
  ASSERT_EQ(p.groups.size(), 3u);
  std::map<std::string, std::size_t> runs_by_group;
  for (const auto& g : p.groups) {
    if (g.runs.size() == 1) {
      EXPECT_EQ(sc[g.runs[0].scenario_index].name, "scenario-1");
      EXPECT_NE(g.key.find("/scenario-1/"), std::string::npos) << g.key;
    } else {
      EXPECT_EQ(g.runs.size(), 4u);
      for (const auto& r : g.runs) EXPECT_NE(sc[r.scenario_index].name, "scenario-1");
    }
  }
}

// Tunables a running system takes (applied after each revert) do not split a group; those that
// need a redeploy do, and only they are named in the group's label.
TEST(MatrixPlanTest, LiveTunablesShareTheGroupRedeployTunablesSplitIt) {
  auto sc = catalogue(4);
  sc[1].tunables.multipath.no_path_retry = "fail";
  sc[1].tunables.iscsi.replacement_timeout_s = 20;
  sc[2].tunables.drbd.ping_timeout_ds = 10;
  sc[2].tunables.pacemaker.resource_stickiness = 0;
  sc[3].tunables.drbd.protocol = "B";  // a reconnect with a new protocol: redeploy
  EXPECT_EQ(deploy_key(sc[0]), deploy_key(sc[1]));
  EXPECT_EQ(deploy_key(sc[0]), deploy_key(sc[2]));
  EXPECT_NE(deploy_key(sc[0]), deploy_key(sc[3]));
  auto noop = sc[0];
  noop.tunables.iscsi.noop_out_interval_s = 5;  // set at login only: redeploy
  EXPECT_NE(deploy_key(sc[0]), deploy_key(noop));
  MatrixPlan p = plan_matrix(sc, {});
  ASSERT_EQ(p.groups.size(), 2u);
  EXPECT_EQ(p.groups[0].runs.size(), 3u);
  EXPECT_EQ(p.groups[0].label.find("no_path_retry"), std::string::npos) << p.groups[0].label;
  EXPECT_NE(p.groups[1].label.find("drbd.protocol=\"B\""), std::string::npos) << p.groups[1].label;
}

TEST(MatrixPlanTest, DashKSelectsBySubstringOrGlobAndAPatternThatMatchesNothingIsAnError) {
  auto sc = catalogue(12);
  PlanOptions o;
  o.patterns = {"scenario-1"};  // substring: 1, 10, 11
  auto p = plan_matrix(sc, o);
  std::vector<std::string> names;
  for (auto i : p.selected) names.push_back(sc[i].name);
  EXPECT_EQ(names, (std::vector<std::string>{"scenario-1", "scenario-10", "scenario-11"}));
  o.patterns = {"*-2", "scenario-?1"};
  p = plan_matrix(sc, o);
  names.clear();
  for (auto i : p.selected) names.push_back(sc[i].name);
  EXPECT_EQ(names, (std::vector<std::string>{"scenario-2", "scenario-11"}));
  o.patterns = {"scenario-1", "nosuch"};
  try {
    plan_matrix(sc, o);
    FAIL() << "a pattern that selects nothing must be refused";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("-k nosuch"), std::string::npos) << e.what();
  }
}

TEST(MatrixPlanTest, RerunFailedRunsExactlyTheNamedScenariosAndRefusesUnknownOnes) {
  auto sc = catalogue(4);
  PlanOptions o;
  o.only = std::vector<std::string>{"scenario-3", "scenario-1"};
  auto p = plan_matrix(sc, o);
  EXPECT_EQ(p.selected, (std::vector<std::size_t>{1, 3}));
  o.only = std::vector<std::string>{"gone"};
  EXPECT_THROW(plan_matrix(sc, o), UsageError);
}

TEST(MatrixPlanTest, RepeatsRunInRoundsAndTheFirstRepeatCarriesTheMatrixSeed) {
  auto sc = catalogue(2);
  PlanOptions o;
  o.repeat = 3;
  o.seed = 42;
  auto p = plan_matrix(sc, o);
  ASSERT_EQ(p.groups.size(), 1u);
  EXPECT_EQ(runs_of(p, sc), (std::vector<std::pair<std::string, int>>{
                                {"scenario-0", 1}, {"scenario-1", 1}, {"scenario-0", 2},
                                {"scenario-1", 2}, {"scenario-0", 3}, {"scenario-1", 3}}));
  EXPECT_EQ(p.groups[0].runs[0].seed, 42u);
  std::set<std::uint64_t> seeds;
  for (const auto& r : p.groups[0].runs) seeds.insert(r.seed);
  EXPECT_EQ(seeds.size(), 3u) << "one seed per repeat, shared by the scenarios of a round";
  // Replaying repeat 2 alone: its seed as the matrix seed gives the same seed to the run.
  EXPECT_EQ(run_seed(p.groups[0].runs[2].seed, 1), p.groups[0].runs[2].seed);
  EXPECT_THROW(plan_matrix(sc, PlanOptions{{}, {}, 0}), UsageError);
}

TEST(MatrixPlanTest, ShardsAreDisjointAddUpToTheWholeAndAreBalanced) {
  auto sc = catalogue(11);
  sc[3].tunables.corosync.token_ms += 1000;  // a second deploy group
  for (int n : {1, 2, 3, 5}) {
    std::multiset<std::pair<std::string, int>> all;
    std::vector<double> loads;
    for (int k = 1; k <= n; ++k) {
      PlanOptions o;
      o.repeat = 3;
      o.seed = 7;
      o.shard_index = k;
      o.shard_count = n;
      auto p = plan_matrix(sc, o);
      EXPECT_EQ(p.runs_unsharded, 33u);
      for (auto& r : runs_of(p, sc)) all.insert(r);
      loads.push_back(p.expected_s);
    }
    std::multiset<std::pair<std::string, int>> want;
    for (const auto& s : sc)
      for (int r = 1; r <= 3; ++r) want.insert({s.name, r});
    EXPECT_EQ(all, want) << n << " shards";
    auto [lo, hi] = std::minmax_element(loads.begin(), loads.end());
    EXPECT_LE(*hi - *lo, kGroupDeployEstimateS + 200) << n << " shards: unbalanced";
  }
}

TEST(MatrixPlanTest, TheSplitDependsOnlyOnThePlanInputsNotOnTheOrderOfTheFiles) {
  auto sc = catalogue(6);
  auto reversed = sc;
  std::reverse(reversed.begin(), reversed.end());
  PlanOptions o;
  o.shard_index = 2;
  o.shard_count = 2;
  auto a = runs_of(plan_matrix(sc, o), sc);
  auto b = runs_of(plan_matrix(reversed, o), reversed);
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  EXPECT_EQ(a, b);
}

TEST(MatrixPlanTest, ShardArgumentIsKOverNWithKWithinN) {
  EXPECT_EQ(parse_shard("2/3"), (std::pair<int, int>{2, 3}));
  for (const char* bad : {"0/2", "3/2", "2", "a/b", "1/", "/2", "1/0", "1/2x"})
    EXPECT_THROW(parse_shard(bad), UsageError) << bad;
}

TEST(MatrixPlanTest, TheDryRunShowsGroupsRunsSeedsAndShardShare) {
  auto sc = catalogue(3);
  PlanOptions o;
  o.repeat = 2;
  o.seed = 99;
  o.shard_index = 1;
  o.shard_count = 2;
  auto p = plan_matrix(sc, o);
  std::string text = render_plan_text(p, sc);
  EXPECT_NE(text.find("3 scenarios selected, repeat 2, 6 runs; shard 1/2"), std::string::npos) << text;
  EXPECT_NE(text.find("seed 99"), std::string::npos);
  EXPECT_NE(text.find("deploy group " + deploy_key(sc[0])), std::string::npos);
  auto j = plan_json(p, sc);
  EXPECT_EQ(j["seed"], 99u);
  EXPECT_EQ(j["shard"]["count"], 2);
  std::size_t n = 0;
  for (const auto& g : j["groups"]) n += g["runs"].size();
  std::size_t planned = 0;
  for (const auto& g : p.groups) planned += g.runs.size();
  EXPECT_EQ(n, planned);
  EXPECT_LT(planned, 6u);
}

TEST(MatrixPlanTest, TwoScenariosWithOneNameAreRefused) {
  auto sc = catalogue(2);
  sc[1].name = sc[0].name;
  EXPECT_THROW(plan_matrix(sc, {}), UsageError);
}

}  // namespace
}  // namespace harness
