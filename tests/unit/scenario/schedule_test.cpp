// draw_schedule: random steps drawn from a seed, the same on every machine. The golden values
// below were computed by an independent implementation of the rules in seeded_draws.hpp (a
// Python MT19937-64 checked against the standard's 10000th output); a change of generator,
// seeding or mapping changes them.
#include <algorithm>
#include <cmath>
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "drivers/faults/fault_kinds.hpp"
#include "drivers/faults/load_scenario.hpp"
#include "harness/core/errors.hpp"
#include "harness/scenario/fault_kind.hpp"
#include "harness/scenario/schedule.hpp"
#include "harness/scenario/seeded_draws.hpp"

namespace harness {
namespace {

using nlohmann::json;

json link_cut(const char* nic, json duration) {
  return {{"fault", "link_cut"}, {"nics", {nic}}, {"duration_s", std::move(duration)}};
}

// The shape of scenarios/random-fault-active.json, written out so that editing the catalogue
// does not move the golden values.
json fault_step() {
  return {{"id", "fault"},
          {"random",
           {{"faults",
             {link_cut("san0", {10, 40}), link_cut("san1", {10, 40}),
              {{"fault", "pause"}, {"duration_s", {1, 3}}}}},
            {"targets", {"active"}},
            {"at_s", {15, 45}}}}};
}

json flap_step(const char* id, json at) {
  return {{"id", id},
          {"random",
           {{"faults", {{{"fault", "link_cut"}, {"nics", {"san0"}}}, {{"fault", "link_cut"}, {"nics", {"san1"}}}}},
            {"targets", {"n1", "n2"}},
            {"at_s", std::move(at)},
            {"duration_s", {2, 15}}}}};
}

json scenario_with(json steps) {
  return {{"name", "t"},
          {"description", "d"},
          {"workload", {{"runtime_s", 120}}},
          {"steps", std::move(steps)},
          {"expect", {{"path_switch_max_s", 20}, {"fenced", json::array()}, {"survivors", {"initiator"}}}}};
}

Scenario parse(const json& j) { return parse_scenario(j.dump(), "t.json"); }

Scenario one_fault() { return parse(scenario_with(json::array({fault_step()}))); }

Scenario two_flaps() {
  return parse(scenario_with(json::array({flap_step("flap1", {10, 30}), flap_step("flap2", {50, 70})})));
}

bool whole_milliseconds(double s) { return std::abs(s * 1000 - std::round(s * 1000)) < 1e-6; }

// The generator is the standard's: its 10000th output from the default seed is fixed by
// [rand.predef]. A library that broke it would break every replay.
TEST(SeededDraws, Mt19937_64IsTheStandardOne) {
  std::mt19937_64 g;
  g.discard(9999);
  EXPECT_EQ(g(), 9981545732273789042ULL);
}

TEST(SeededDraws, DrawBelowMapsOneOutputByRemainder) {
  std::mt19937_64 g(1), raw(1);
  const std::uint64_t x = raw();  // 2469588189546311528, not below 2^64 mod 3 = 1: kept
  EXPECT_EQ(draw_below(g, 3), x % 3);
  EXPECT_EQ(draw_below(g, 3) , raw() % 3);
  // One choice draws nothing: the generator is where it was.
  std::mt19937_64 before = g;
  EXPECT_EQ(draw_below(g, 1), 0u);
  EXPECT_EQ(g, before);
}

TEST(SeededDraws, SecondsAreWholeMillisecondsInsideTheWindow) {
  std::mt19937_64 g(7);
  std::set<double> seen;
  for (int i = 0; i < 2000; ++i) {
    const double s = draw_seconds(g, {0.5, 0.504});
    EXPECT_GE(s, 0.5);
    EXPECT_LE(s, 0.504);
    EXPECT_TRUE(whole_milliseconds(s)) << s;
    seen.insert(s);
  }
  EXPECT_EQ(seen.size(), 5u) << "both bounds and everything between are drawn";
  std::mt19937_64 before = g;
  EXPECT_EQ(draw_seconds(g, {3, 3}), 3);
  EXPECT_EQ(draw_seconds(g, {0.0001, 0.0009}), 0.0001) << "no whole millisecond: the lower bound";
  EXPECT_EQ(g, before) << "a window of one value draws nothing";
}

TEST(SeededDraws, StepSeedsDependOnSeedAndId) {
  EXPECT_EQ(step_seed(42, "fault"), 0x5f22d282d4566f9aULL);  // golden
  EXPECT_NE(step_seed(42, "fault"), step_seed(43, "fault"));
  EXPECT_NE(step_seed(42, "fault"), step_seed(42, "flap1"));
}

TEST(Schedule, AFixedSeedGivesTheRecordedDraw) {
  const DrawnScenario d = draw_schedule(one_fault(), 42);
  ASSERT_EQ(d.schedule.draws.size(), 1u);
  const StepDraw& s = d.schedule.draws[0];
  EXPECT_EQ(s.step_seed, 0x5f22d282d4566f9aULL);
  EXPECT_EQ(s.fault_choice, 1u);  // link_cut of san1
  EXPECT_EQ(s.target_choice, 0u);
  EXPECT_DOUBLE_EQ(s.at_s, 33.242);
  ASSERT_TRUE(s.duration_s);
  EXPECT_DOUBLE_EQ(*s.duration_s, 33.994);

  const DrawnScenario flaps = draw_schedule(two_flaps(), 42);
  ASSERT_EQ(flaps.schedule.draws.size(), 2u);
  EXPECT_EQ(flaps.schedule.draws[0].fault.options["nics"], json({"san0"}));
  EXPECT_EQ(flaps.schedule.draws[0].fault.target, "n2");
  EXPECT_DOUBLE_EQ(flaps.schedule.draws[0].at_s, 23.177);
  EXPECT_DOUBLE_EQ(*flaps.schedule.draws[0].duration_s, 3.199);
  EXPECT_EQ(flaps.schedule.draws[1].fault.target, "n2");
  EXPECT_DOUBLE_EQ(flaps.schedule.draws[1].at_s, 66.485);
  EXPECT_DOUBLE_EQ(*flaps.schedule.draws[1].duration_s, 6.243);

  // Other seeds, other golden draws: seed 1 draws the pause.
  const DrawnScenario one = draw_schedule(one_fault(), 1);
  EXPECT_EQ(one.schedule.draws[0].fault.kind, "pause");
  EXPECT_DOUBLE_EQ(one.schedule.draws[0].at_s, 17.267);
  EXPECT_DOUBLE_EQ(*one.schedule.draws[0].duration_s, 1.724);
}

TEST(Schedule, TheDrawnScenarioHoldsOrdinaryFaultSteps) {
  const DrawnScenario d = draw_schedule(one_fault(), 42);
  ASSERT_EQ(d.scenario.steps.size(), 1u);
  const Step& s = d.scenario.steps[0];
  EXPECT_FALSE(s.random);
  ASSERT_TRUE(s.fault);
  EXPECT_EQ(s.index, 0u);
  EXPECT_EQ(s.id, "fault");
  EXPECT_DOUBLE_EQ(s.at_s, 33.242);
  EXPECT_EQ(s.fault->kind, "link_cut");
  EXPECT_EQ(s.fault->target, "active");
  EXPECT_EQ(s.fault->options["nics"], json({"san1"}));
  EXPECT_EQ(s.fault->duration_s, 33.994);
  // What the runner checks before it starts accepts it (an undrawn step it refuses).
  EXPECT_NO_THROW(check_fault_steps(d.scenario, fault_step_rules()));
  EXPECT_EQ(d.scenario.name, "t");
  EXPECT_EQ(d.scenario.expect.path_switch_max_s, 20);
}

TEST(Schedule, TheSameSeedGivesTheSameScheduleAndJson) {
  const Scenario sc = two_flaps();
  for (std::uint64_t seed : {0ULL, 1ULL, 42ULL, 0xffffffffffffffffULL}) {
    const DrawnScenario a = draw_schedule(sc, seed);
    const DrawnScenario b = draw_schedule(sc, seed);
    EXPECT_EQ(schedule_json(a).dump(), schedule_json(b).dump()) << seed;
    ASSERT_EQ(a.scenario.steps.size(), b.scenario.steps.size());
    for (std::size_t i = 0; i < a.scenario.steps.size(); ++i) {
      EXPECT_EQ(a.scenario.steps[i].at_s, b.scenario.steps[i].at_s);
      EXPECT_EQ(a.scenario.steps[i].fault->target, b.scenario.steps[i].fault->target);
      EXPECT_EQ(a.scenario.steps[i].fault->options, b.scenario.steps[i].fault->options);
      EXPECT_EQ(a.scenario.steps[i].fault->duration_s, b.scenario.steps[i].fault->duration_s);
    }
  }
}

TEST(Schedule, SeedsDrawEveryChoiceWithinTheBounds) {
  const Scenario faults = one_fault();
  const Scenario flaps = two_flaps();
  std::set<std::size_t> kinds;
  std::set<std::string> targets, nics;
  std::set<double> instants;
  for (std::uint64_t seed = 0; seed < 300; ++seed) {
    const StepDraw f = draw_schedule(faults, seed).schedule.draws.at(0);
    kinds.insert(f.fault_choice);
    instants.insert(f.at_s);
    EXPECT_GE(f.at_s, 15);
    EXPECT_LE(f.at_s, 45);
    EXPECT_TRUE(whole_milliseconds(f.at_s)) << f.at_s;
    const SecondsRange want = f.fault.kind == "pause" ? SecondsRange{1, 3} : SecondsRange{10, 40};
    ASSERT_TRUE(f.duration_s);
    EXPECT_GE(*f.duration_s, want.min_s) << f.fault.kind;
    EXPECT_LE(*f.duration_s, want.max_s) << f.fault.kind;

    const DrawnScenario d = draw_schedule(flaps, seed);
    for (const Step& s : d.scenario.steps) {
      targets.insert(s.fault->target);
      nics.insert(s.fault->options["nics"][0].get<std::string>());
      EXPECT_GE(*s.fault->duration_s, 2);
      EXPECT_LE(*s.fault->duration_s, 15);
    }
    EXPECT_GE(d.scenario.steps[0].at_s, 10);
    EXPECT_LE(d.scenario.steps[0].at_s, 30);
    EXPECT_GE(d.scenario.steps[1].at_s, 50);
    EXPECT_LE(d.scenario.steps[1].at_s, 70);
  }
  EXPECT_EQ(kinds, (std::set<std::size_t>{0, 1, 2}));
  EXPECT_EQ(targets, (std::set<std::string>{"n1", "n2"}));
  EXPECT_EQ(nics, (std::set<std::string>{"san0", "san1"}));
  EXPECT_GT(instants.size(), 250u) << "different seeds, different instants";
}

TEST(Schedule, AddingAStepChangesNoOtherStepsDraws) {
  const StepDraw alone = draw_schedule(two_flaps(), 7).schedule.draws.at(1);
  // A fixed step before flap2 and a third random step after it: flap2 draws the same.
  json steps = json::array({flap_step("flap1", {10, 30}),
                            {{"at_s", 40}, {"id", "kill"}, {"fault", "node_kill"}, {"target", "standby"}},
                            flap_step("flap2", {50, 70}), flap_step("flap3", {90, 100})});
  const DrawnScenario more = draw_schedule(parse(scenario_with(steps)), 7);
  ASSERT_EQ(more.schedule.draws.size(), 3u);
  const StepDraw& again = more.schedule.draws[1];
  EXPECT_EQ(again.id, "flap2");
  EXPECT_EQ(again.index, 2u);
  EXPECT_EQ(again.step_seed, alone.step_seed);
  EXPECT_EQ(again.fault_choice, alone.fault_choice);
  EXPECT_EQ(again.target_choice, alone.target_choice);
  EXPECT_EQ(again.at_s, alone.at_s);
  EXPECT_EQ(again.duration_s, alone.duration_s);
}

TEST(Schedule, ScheduleJsonRecordsSeedStepsAndDraws) {
  json steps = json::array({fault_step(), {{"at_s", 100}, {"id", "kill"}, {"fault", "node_kill"}, {"target", "standby"}}});
  const json j = schedule_json(draw_schedule(parse(scenario_with(steps)), 42));
  EXPECT_EQ(j["scenario"], "t");
  EXPECT_EQ(j["seed"], 42);
  ASSERT_EQ(j["steps"].size(), 2u);
  EXPECT_EQ(j["steps"][0]["drawn"], true);
  EXPECT_EQ(j["steps"][0]["id"], "fault");
  EXPECT_EQ(j["steps"][0]["at_s"], 33.242);
  EXPECT_EQ(j["steps"][0]["fault"], "link_cut");
  EXPECT_EQ(j["steps"][0]["target"], "active");
  EXPECT_EQ(j["steps"][0]["nics"], json({"san1"}));
  EXPECT_EQ(j["steps"][0]["duration_s"], 33.994);
  EXPECT_EQ(j["steps"][1]["drawn"], false);
  EXPECT_EQ(j["steps"][1]["at_s"], 100);
  ASSERT_EQ(j["draws"].size(), 1u);
  const json& d = j["draws"][0];
  EXPECT_EQ(d["index"], 0);
  EXPECT_EQ(d["step_seed"], "0x5f22d282d4566f9a");
  EXPECT_EQ(d["fault"], json({{"drawn", 1}, {"of", 3}, {"kind", "link_cut"}}));
  EXPECT_EQ(d["target"], json({{"drawn", 0}, {"name", "active"}}));
  EXPECT_EQ(d["at_s"], json({{"drawn", 33.242}, {"window", {15, 45}}}));
  EXPECT_EQ(d["duration_s"], json({{"drawn", 33.994}, {"window", {10, 40}}}));
}

TEST(Schedule, AScenarioWithoutRandomStepsComesBackUnchanged) {
  const json steps = json::array({{{"at_s", 10}, {"id", "cut"}, {"fault", "link_cut"}, {"target", "active"}, {"nics", {"san0"}}},
                                  {{"at_s", 20}, {"heal", "cut"}}});
  const Scenario sc = parse(scenario_with(steps));
  const DrawnScenario d = draw_schedule(sc, 5);
  EXPECT_TRUE(d.schedule.draws.empty());
  EXPECT_EQ(d.schedule.seed, 5u);
  ASSERT_EQ(d.scenario.steps.size(), 2u);
  EXPECT_EQ(d.scenario.steps[0].fault->options, sc.steps[0].fault->options);
  EXPECT_EQ(d.scenario.steps[1].heals, "cut");
  EXPECT_EQ(schedule_json(d)["draws"], json::array());
}

TEST(Schedule, AHealStepOfARandomStepHealsTheDrawnFault) {
  json steps = json::array({{{"id", "cut"},
                             {"random", {{"faults", {{{"fault", "link_cut"}, {"nics", {"san0"}}}}}, {"targets", {"active", "standby"}}, {"at_s", {10, 30}}}}},
                            {{"at_s", 40}, {"heal", "cut"}}});
  const DrawnScenario d = draw_schedule(parse(scenario_with(steps)), 3);
  EXPECT_EQ(d.scenario.steps[0].id, "cut");
  EXPECT_FALSE(d.scenario.steps[0].fault->duration_s);
  EXPECT_EQ(d.scenario.steps[1].heals, "cut");
  EXPECT_NO_THROW(check_fault_steps(d.scenario, fault_step_rules()));
}

TEST(Schedule, ARandomStepWithoutFaultsIsRefusedWithItsPath) {
  Scenario sc = one_fault();
  sc.steps[0].random->faults.clear();
  try {
    draw_schedule(sc, 1);
    FAIL() << "accepted";
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("t.json: /steps/0/random/faults: expected a list of 1 or more"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace harness
