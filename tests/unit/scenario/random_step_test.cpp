// The "random" step form: what it reads into, and the bounds it refuses (each with the JSON path
// of the mistake). One-line cases with a file each are in scenario_bad_input_test.cpp.
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "drivers/faults/fault_kinds.hpp"
#include "drivers/faults/load_scenario.hpp"
#include "harness/core/errors.hpp"
#include "harness/scenario/fault_kind.hpp"
#include "harness/scenario/scenario.hpp"

namespace harness {
namespace {

using nlohmann::json;

json with_steps(json steps) {
  return {{"name", "t"},
          {"description", "d"},
          {"workload", {{"runtime_s", 120}}},
          {"steps", std::move(steps)},
          {"expect", {{"path_switch_max_s", 20}, {"fenced", json::array()}, {"survivors", {"initiator"}}}}};
}

json one_random(json random) { return with_steps(json::array({{{"id", "r"}, {"random", std::move(random)}}})); }

json link_cut(const char* nic) { return {{"fault", "link_cut"}, {"nics", {nic}}}; }

Scenario parse(const json& j) { return parse_scenario(j.dump(), "t.json"); }

std::string error_of(const json& j) {
  try {
    parse(j);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "(accepted)";
}

TEST(RandomStep, ReadsFaultsTargetsAndWindows) {
  const Scenario sc = parse(one_random(
      {{"faults", {link_cut("san0"), {{"fault", "pause"}, {"duration_s", {1, 3}}}, {{"fault", "disk_error"}}}},
       {"targets", {"active", "n2"}},
       {"at_s", {15, 45}},
       {"duration_s", {10, 40}}}));
  ASSERT_EQ(sc.steps.size(), 1u);
  const Step& s = sc.steps[0];
  EXPECT_FALSE(s.fault);
  EXPECT_FALSE(s.heals);
  ASSERT_TRUE(s.random);
  EXPECT_EQ(s.id, "r");
  EXPECT_DOUBLE_EQ(s.at_s, 15);  // the earliest instant, for ordering
  EXPECT_DOUBLE_EQ(latest_at_s(s), 45);
  EXPECT_EQ(s.random->targets, (std::vector<std::string>{"active", "n2"}));
  EXPECT_DOUBLE_EQ(s.random->at_s.min_s, 15);
  EXPECT_DOUBLE_EQ(s.random->at_s.max_s, 45);
  ASSERT_TRUE(s.random->duration_s);
  EXPECT_DOUBLE_EQ(s.random->duration_s->max_s, 40);
  ASSERT_EQ(s.random->faults.size(), 3u);
  EXPECT_EQ(s.random->faults[0].fault.kind, "link_cut");
  EXPECT_EQ(s.random->faults[0].fault.target, "");  // drawn from the list
  EXPECT_EQ(s.random->faults[0].fault.options["nics"], json({"san0"}));
  EXPECT_FALSE(s.random->faults[0].duration_s);     // the shared window applies
  ASSERT_TRUE(s.random->faults[1].duration_s);      // its own window
  EXPECT_DOUBLE_EQ(s.random->faults[1].duration_s->min_s, 1);
  EXPECT_DOUBLE_EQ(s.random->faults[1].duration_s->max_s, 3);
  EXPECT_EQ(s.random->faults[2].fault.options["mode"], "error");  // the kind's default
  EXPECT_EQ(longest_duration_s(s), 40);
}

TEST(RandomStep, APlainNumberIsAWindowOfOneValue) {
  const Scenario sc = parse(one_random(
      {{"faults", {{{"fault", "node_kill"}, {"target", "standby"}}}}, {"at_s", 20}}));
  const Step& s = sc.steps[0];
  ASSERT_TRUE(s.random);
  EXPECT_DOUBLE_EQ(s.random->at_s.min_s, 20);
  EXPECT_DOUBLE_EQ(s.random->at_s.max_s, 20);
  EXPECT_EQ(s.random->faults[0].fault.target, "standby");  // its own target
  EXPECT_FALSE(longest_duration_s(s));  // no duration anywhere: healed by a step or at the end
}

TEST(RandomStep, AHealStepMayHealARandomStepWithoutDurationAfterItsWindow) {
  const json steps = json::array(
      {{{"id", "cut"}, {"random", {{"faults", {link_cut("san0"), link_cut("san1")}}, {"targets", {"active"}}, {"at_s", {10, 30}}}}},
       {{"at_s", 31}, {"heal", "cut"}}});
  EXPECT_EQ(error_of(with_steps(steps)), "(accepted)");
  json at_the_end = steps;
  at_the_end[1]["at_s"] = 30;
  EXPECT_NE(error_of(with_steps(at_the_end)).find("t.json: /steps/1/at_s: expected a number > 30 (after the latest instant"),
            std::string::npos)
      << error_of(with_steps(at_the_end));
}

TEST(RandomStep, WindowsKeepTheStepsInOrder) {
  // A step may start where the previous window ends, not before.
  const json ok = json::array(
      {{{"id", "a"}, {"random", {{"faults", {link_cut("san0")}}, {"targets", {"n1"}}, {"at_s", {10, 30}}, {"duration_s", 5}}}},
       {{"id", "b"}, {"random", {{"faults", {link_cut("san1")}}, {"targets", {"n2"}}, {"at_s", {30, 50}}, {"duration_s", 5}}}}});
  EXPECT_EQ(error_of(with_steps(ok)), "(accepted)");
  json overlap = ok;
  overlap[1]["random"]["at_s"] = {29, 50};
  EXPECT_EQ(error_of(with_steps(overlap)),
            "t.json: /steps/1/random/at_s: expected a window from >= 30 (not before the previous "
            "step, which is drawn as late as that), found [29, 50]");
}

TEST(RandomStep, BadBoundsAreRefusedWithTheirPath) {
  const json base = {{"faults", {link_cut("san0")}}, {"targets", {"active"}}, {"at_s", {10, 20}}};
  const auto with = [&](const char* key, json value) {
    json r = base;
    r[key] = std::move(value);
    return error_of(one_random(r));
  };
  EXPECT_EQ(with("at_s", {20, 10}),
            "t.json: /steps/0/random/at_s/1: expected a number >= 20 (the upper bound of at_s, not "
            "below its lower bound), found 10");
  EXPECT_NE(with("at_s", {-1, 10}).find("t.json: /steps/0/random/at_s/0: expected a number of seconds after the workload starts >= 0, found -1"),
            std::string::npos)
      << with("at_s", {-1, 10});
  EXPECT_NE(with("at_s", {1, 2, 3}).find("t.json: /steps/0/random/at_s: expected"), std::string::npos);
  EXPECT_NE(with("at_s", "10s").find("or [min, max] to draw it from, found \"10s\""), std::string::npos)
      << with("at_s", "10s");
  EXPECT_NE(with("duration_s", {0, 5}).find("t.json: /steps/0/random/duration_s/0: expected a number of seconds > 0"),
            std::string::npos)
      << with("duration_s", {0, 5});
  EXPECT_NE(with("duration_s", {5, 4000}).find("t.json: /steps/0/random/duration_s/1: expected a number of seconds > 0 and <= 3600, found 4000"),
            std::string::npos)
      << with("duration_s", {5, 4000});
  EXPECT_EQ(with("at_s", {100, 120}),
            "t.json: /steps/0/random/at_s: expected a window of seconds ending < 120 (inside "
            "workload.runtime_s), found [100, 120]");
  EXPECT_EQ(with("duration_s", {5, 100}),
            "t.json: /steps/0/random/duration_s: expected durations < 100 (the fault must heal "
            "inside workload.runtime_s = 120, drawn as late as 20), found up to 100");
  EXPECT_NE(with("faults", json::array()).find("t.json: /steps/0/random/faults: expected a list of 1 to 16 faults"),
            std::string::npos);
  EXPECT_NE(with("targets", {"active", "n3"}).find("t.json: /steps/0/random/targets/1: expected one of"),
            std::string::npos);
  EXPECT_NE(with("target", "active").find("t.json: /steps/0/random/target: "), std::string::npos)
      << "an unknown key of the random object";
}

TEST(RandomStep, ATemplateWindowPastTheRuntimeIsBlamedOnThatTemplate) {
  const std::string e = error_of(one_random(
      {{"faults", {link_cut("san0"), {{"fault", "pause"}, {"duration_s", {1, 110}}}}},
       {"targets", {"active"}},
       {"at_s", {10, 20}},
       {"duration_s", {5, 10}}}));
  EXPECT_NE(e.find("t.json: /steps/0/random/faults/1/duration_s: expected durations < 100"), std::string::npos) << e;
}

TEST(RandomStep, EveryTargetIsCheckedAgainstEveryFault) {
  // node_kill cannot aim at the initiator: the target is named, with the fault that refuses it.
  EXPECT_EQ(error_of(one_random({{"faults", {link_cut("san0"), {{"fault", "node_kill"}}}},
                                 {"targets", {"active", "initiator"}},
                                 {"at_s", {10, 20}}})),
            "t.json: /steps/0/random/targets/1: expected a target every fault to draw takes "
            "(/steps/0/random/faults/1 is a node_kill fault, which takes active, standby, n1 or "
            "n2), found \"initiator\"");
  // ring0 is not the initiator's: the keys are read against each target, the first reason kept.
  const std::string e = error_of(one_random(
      {{"faults", {link_cut("ring0")}}, {"targets", {"active", "initiator"}}, {"at_s", {10, 20}}}));
  EXPECT_NE(e.find("t.json: /steps/0/random/targets/1: expected a target the keys of "
                   "/steps/0/random/faults/0 allow, found \"initiator\" (/steps/0/random/faults/0/nics/0: "),
            std::string::npos)
      << e;
  EXPECT_EQ(e.find('\n'), std::string::npos) << e;
}

TEST(RandomStep, TargetsComeFromTheListOrFromEachFault) {
  EXPECT_EQ(error_of(one_random({{"faults", {{{"fault", "node_kill"}, {"target", "n1"}}}},
                                 {"targets", {"active"}},
                                 {"at_s", {10, 20}}})),
            "t.json: /steps/0/random/faults/0/target: expected no target in a fault to draw when "
            "/steps/0/random/targets lists them, found \"n1\" (a string)");
  EXPECT_EQ(error_of(one_random({{"faults", {{{"fault", "node_kill"}}}}, {"at_s", {10, 20}}})),
            "t.json: /steps/0/random/faults/0/target: expected a target: one of active, standby, "
            "n1 or n2, found no such key (it is required)");
  // Without a list, each template's own target decides its keys.
  EXPECT_NE(error_of(one_random({{"faults", {{{"fault", "link_cut"}, {"target", "initiator"}, {"nics", {"ring1"}}}}},
                                 {"at_s", {10, 20}}}))
                .find("t.json: /steps/0/random/faults/0/nics/0: "),
            std::string::npos);
}

TEST(RandomStep, APauseNeedsADurationHereOrShared) {
  const json pause = {{"fault", "pause"}};
  EXPECT_EQ(error_of(one_random({{"faults", {pause}}, {"targets", {"active"}}, {"at_s", {10, 20}}})),
            "t.json: /steps/0/random/faults/0/duration_s: expected a number of seconds or [min, "
            "max] (duration_s): a pause fault needs one, here or in /steps/0/random/duration_s, "
            "found no such key");
  EXPECT_EQ(error_of(one_random({{"faults", {pause}}, {"targets", {"active"}}, {"at_s", {10, 20}}, {"duration_s", {1, 3}}})),
            "(accepted)");
}

TEST(RandomStep, KeysOfAnotherKindAndStrayKeysAreNamed) {
  EXPECT_EQ(error_of(one_random({{"faults", {{{"fault", "node_kill"}, {"ring", 0}}}}, {"targets", {"active"}}, {"at_s", {10, 20}}})),
            "t.json: /steps/0/random/faults/0/ring: expected no \"ring\" for a node_kill fault (its "
            "options: duration_s), found 0");
  EXPECT_EQ(error_of(with_steps(json::array(
                {{{"at_s", 10}, {"id", "r"}, {"random", {{"faults", {link_cut("san0")}}, {"targets", {"active"}}, {"at_s", {10, 20}}}}}}))),
            "t.json: /steps/0/at_s: expected no at_s beside \"random\" (the instant is drawn from "
            "random.at_s), found 10");
  EXPECT_NE(error_of(with_steps(json::array(
                {{{"fault", "node_kill"}, {"target", "n1"}, {"random", {{"faults", {link_cut("san0")}}, {"targets", {"active"}}, {"at_s", {10, 20}}}}}})))
                .find("t.json: /steps/0: expected either \"fault\", \"heal\" or \"random\" in one step, found \"fault\" and \"random\""),
            std::string::npos);
}

// The runner runs drawn steps only: a random step left in a Scenario built in code is refused
// by the check validate_against_lab makes, not silently skipped.
TEST(RandomStep, CheckFaultStepsRefusesAnUndrawnStep) {
  const Scenario sc = parse(one_random({{"faults", {link_cut("san0")}}, {"targets", {"active"}}, {"at_s", {10, 20}}}));
  try {
    check_fault_steps(sc, fault_step_rules());
    FAIL() << "an undrawn random step was accepted";
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("t.json: /steps/0/random: expected a drawn step"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace harness
