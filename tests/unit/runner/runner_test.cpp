#include <algorithm>
#include <sstream>

#include <gtest/gtest.h>

#include "harness/runner/validate.hpp"
#include "runner_fixture.hpp"

namespace harness {
namespace {

using testing::fault_step;
using testing::heal_step;
using testing::node_kill_scenario;
using testing::RunnerHarness;

// Where `what` is in the fakes' call log; -1 if it never came.
int call_index(RunnerHarness& h, const std::string& what) {
  const auto& log = h.plan.log();
  auto it = std::find(log.begin(), log.end(), what);
  return it == log.end() ? -1 : static_cast<int>(it - log.begin());
}

const char* kPhases[] = {"provision", "deploy", "settle", "workload", "faults",
                         "heal",      "verify", "collect", "teardown"};

TEST(RunnerRun, CleanRunGoesThroughEveryPhaseInOrderAndRecordsThem) {
  RunnerHarness h(node_kill_scenario());
  auto report = h.run();
  EXPECT_EQ(report.error, "");
  ASSERT_EQ(report.phases.size(), 9u);
  for (std::size_t i = 0; i < 9; ++i) {
    EXPECT_EQ(report.phases[i].name, kPhases[i]);
    EXPECT_EQ(report.phases[i].state, "ok") << report.phases[i].name << ": " << report.phases[i].error;
  }
  // begin/end events in the same order, each phase closed before the next opens.
  std::vector<std::string> marks;
  for (const auto& e : h.events(EventKind::phase)) marks.push_back(e.what + ":" + e.data.at("state").get<std::string>());
  std::vector<std::string> expected;
  for (auto p : kPhases) {
    expected.push_back(std::string(p) + ":begin");
    expected.push_back(std::string(p) + ":end");
  }
  EXPECT_EQ(marks, expected);
  EXPECT_EQ(h.lab->provision_calls(), 1);
  EXPECT_EQ(h.lab->teardown_calls(), 1);
  EXPECT_EQ(h.lab->unrestored(), "");
  EXPECT_EQ(h.workload->finish_calls, 1);
  EXPECT_EQ(h.workload->readback_calls, 1);
  EXPECT_EQ(h.sut->verify_calls, 1);
  EXPECT_EQ(h.observer->arm_calls, 1);
  EXPECT_EQ(h.observer->snapshot_calls, 2);  // one per step
  EXPECT_EQ(h.observer->ease_calls, 1);
  EXPECT_FALSE(h.observer->armed());
  ASSERT_EQ(h.sut->collected_dirs.size(), 1u);
  EXPECT_EQ(h.sut->collected_dirs[0], h.options.run_dir / "logs");
  EXPECT_EQ(report.run_id, "test-run");
  EXPECT_EQ(report.seed, 1234u);
  EXPECT_EQ(report.scenario_name, "node-kill-active");
  EXPECT_EQ(report.lab, "fake lab");
  EXPECT_EQ(h.history.header().run_id, "test-run");
  auto runs = h.events(EventKind::note, "run");
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].data.at("seed"), 1234);
  // The fencing check reads the fence delay from here (the scenario's default: 5 s on n1).
  EXPECT_EQ(runs[0].data.at("tunables").at("fence").at("delay_node"), "n1");
  EXPECT_EQ(runs[0].data.at("tunables").at("fence").at("delay_s"), 5.0);
}

TEST(RunnerRun, ObserversEaseOffOnceTheLoadIsOverBeforeTheHealPowersTheNodeOn) {
  Scenario s = node_kill_scenario();
  s.steps.pop_back();  // no explicit heal: the node stays off until the heal phase
  RunnerHarness h(s);
  h.run();
  auto at = [&](const std::string& what) { return call_index(h, what); };
  int ease = at("observer cluster.ease_off");
  ASSERT_GE(ease, 0);
  EXPECT_GT(ease, at("lab.power_off n1"));  // the fault
  int heal = at("lab.power_on n1");  // the node kill's heal, after the load
  ASSERT_GE(heal, 0);
  EXPECT_LT(ease, heal);
  ASSERT_GT(h.workload->start_ns(), 0);
  EXPECT_GE(h.observer->eased_at_ns,
            h.workload->start_ns() + seconds_to_ns(node_kill_scenario().workload.runtime_s));
  EXPECT_EQ(h.observer->ease_calls, 1);  // not again in the verify
}

TEST(RunnerRun, ObserversEaseOffInTheVerifyWhenTheStepsHealedEverything) {
  RunnerHarness h(node_kill_scenario());  // healed by its own step at 40 s
  h.run();
  auto at = [&](const std::string& what) { return call_index(h, what); };
  int ease = at("observer cluster.ease_off");
  ASSERT_GE(ease, 0);
  EXPECT_GT(ease, at("workload.finish"));
  EXPECT_LT(ease, at("sut.verify"));
  EXPECT_EQ(h.observer->ease_calls, 1);
}

TEST(RunnerRun, InjectAndHealHappenExactlyAtWorkloadStartPlusAt) {
  RunnerHarness h(node_kill_scenario());
  h.run();
  std::int64_t zero = h.workload->start_ns();
  ASSERT_GT(zero, 0);
  auto injects = h.events(EventKind::inject);
  ASSERT_EQ(injects.size(), 1u);
  EXPECT_EQ(injects[0].t_ns, zero + 10 * kNsPerS);
  EXPECT_EQ(injects[0].what, "node_kill");
  EXPECT_EQ(injects[0].node, "n1");
  EXPECT_EQ(injects[0].data.at("step"), "kill");
  EXPECT_EQ(injects[0].data.at("target"), "active");
  // power_off takes 2 s of virtual time in the fake: the end of the call is stamped apart.
  EXPECT_EQ(injects[0].data.at("call_end_ns"), zero + 12 * kNsPerS);
  auto heals = h.events(EventKind::heal);
  ASSERT_EQ(heals.size(), 1u);
  EXPECT_EQ(heals[0].t_ns, zero + 40 * kNsPerS);
  EXPECT_EQ(heals[0].data.at("reason"), "step");
  EXPECT_EQ(heals[0].data.at("step"), "kill");
  // Snapshots are taken ahead of each step (step_lead_s), never at the step instant itself.
  ASSERT_EQ(h.observer->snapshot_times.size(), 2u);
  EXPECT_EQ(h.observer->snapshot_times[0], zero + 0 * kNsPerS);  // 10 - 10 s lead
  EXPECT_EQ(h.observer->snapshot_times[1], zero + 30 * kNsPerS);
}

TEST(RunnerRun, RolesAreObservedBeforeEachFaultAndResolveTheTarget) {
  auto s = node_kill_scenario();
  s.steps.push_back(fault_step(2, "cut", 50, "link_cut", "standby"));
  s.steps.back().fault->options["nics"] = std::vector<std::string>{"san0"};
  RunnerHarness h(s);
  h.sut->set_roles(Roles{"n2", "n1"});  // n2 is active this time
  auto report = h.run();
  EXPECT_EQ(report.error, "");
  auto roles = h.events(EventKind::note, "roles");
  ASSERT_EQ(roles.size(), 2u);  // one per fault step, none for the heal step
  EXPECT_EQ(roles[0].data.at("active"), "n2");
  EXPECT_EQ(roles[0].data.at("standby"), "n1");
  EXPECT_EQ(roles[0].data.at("step"), "kill");
  auto injects = h.events(EventKind::inject);
  ASSERT_EQ(injects.size(), 2u);
  EXPECT_LT(roles[0].t_ns, injects[0].t_ns);
  EXPECT_EQ(injects[0].node, "n2");                     // active → n2
  EXPECT_EQ(injects[1].node, "n1");                     // standby → n1
  EXPECT_EQ(injects[1].data.at("nics"), nlohmann::json::array({"san0"}));
  auto& ops = h.lab->ops();
  EXPECT_NE(std::find(ops.begin(), ops.end(), "power_off n2"), ops.end());
  EXPECT_NE(std::find(ops.begin(), ops.end(), "set_link n1 san0 down"), ops.end());
  EXPECT_EQ(h.lab->unrestored(), "");
}

TEST(RunnerRun, ExplicitHealPopsThatFaultAndTheRestUnwindsNewestFirst) {
  Scenario s = node_kill_scenario();
  s.steps = {fault_step(0, "cut", 5, "link_cut", "standby"),
             fault_step(1, "ring", 8, "ring_loss", "n1"),
             fault_step(2, "kill", 10, "node_kill", "active"),
             heal_step(3, "uncut", 20, "cut")};
  s.steps[0].fault->options["nics"] = std::vector<std::string>{"san0", "san1"};
  s.steps[1].fault->options["ring"] = 1;
  RunnerHarness h(s);
  auto report = h.run();
  EXPECT_EQ(report.error, "");
  auto heals = h.events(EventKind::heal);
  ASSERT_EQ(heals.size(), 3u);
  std::int64_t zero = h.workload->start_ns();
  EXPECT_EQ(heals[0].data.at("step"), "cut");  // not the top of the stack
  EXPECT_EQ(heals[0].data.at("reason"), "step");
  EXPECT_EQ(heals[0].t_ns, zero + 20 * kNsPerS);
  EXPECT_EQ(heals[1].data.at("step"), "kill");  // newest remaining first
  EXPECT_EQ(heals[1].data.at("reason"), "unwind");
  EXPECT_EQ(heals[2].data.at("step"), "ring");
  EXPECT_EQ(heals[2].data.at("reason"), "unwind");
  // Unwinding happens in the heal phase.
  auto phases = h.events(EventKind::phase, "heal");
  ASSERT_EQ(phases.size(), 2u);
  EXPECT_GE(heals[1].t_ns, phases[0].t_ns);
  EXPECT_LE(heals[2].t_ns, phases[1].t_ns);
  EXPECT_EQ(h.lab->unrestored(), "");
}

// A fault with no heal step stays in place for the rest of the load (the killed node stays off
// while the cluster fences it); the unwind comes at the end of the workload's runtime, not
// right after the last step.
TEST(RunnerRun, AFaultWithoutHealStepStaysUntilTheWorkloadEnds) {
  Scenario s = node_kill_scenario();
  s.steps = {fault_step(0, "kill", 10, "node_kill", "active")};
  RunnerHarness h(s);
  auto report = h.run();
  EXPECT_EQ(report.error, "");
  auto heals = h.events(EventKind::heal);
  ASSERT_EQ(heals.size(), 1u);
  EXPECT_EQ(heals[0].data.at("reason"), "unwind");
  EXPECT_GE(heals[0].t_ns, h.workload->start_ns() + 60 * kNsPerS);
  EXPECT_EQ(h.lab->unrestored(), "");
}

TEST(RunnerRun, DurationHealsAtAtPlusDurationWithReasonDuration) {
  Scenario s = node_kill_scenario();
  s.steps = {fault_step(0, "cut", 10, "link_cut", "active")};
  s.steps[0].fault->options["nics"] = std::vector<std::string>{"san0"};
  s.steps[0].fault->duration_s = 15;
  RunnerHarness h(s);
  auto report = h.run();
  EXPECT_EQ(report.error, "");
  auto heals = h.events(EventKind::heal);
  ASSERT_EQ(heals.size(), 1u);
  EXPECT_EQ(heals[0].t_ns, h.workload->start_ns() + 25 * kNsPerS);
  EXPECT_EQ(heals[0].data.at("reason"), "duration");
  EXPECT_EQ(h.events(EventKind::inject)[0].data.at("duration_s"), 15.0);
}

TEST(RunnerRun, PauseWithDurationSuspendsAndResumesThroughThePausableLab) {
  Scenario s = node_kill_scenario();
  s.steps = {fault_step(0, "freeze", 10, "pause", "standby")};
  s.steps[0].fault->duration_s = 20;
  RunnerHarness h(s);
  auto report = h.run();
  EXPECT_EQ(report.error, "");
  auto& ops = h.lab->ops();
  auto it = std::find(ops.begin(), ops.end(), "suspend n2");
  ASSERT_NE(it, ops.end());
  EXPECT_EQ(*std::next(it), "resume n2");
  auto life = h.events(EventKind::lifecycle);
  ASSERT_EQ(life.size(), 2u);
  EXPECT_EQ(life[0].what, "suspended");
  EXPECT_EQ(life[0].data.at("cause"), "harness");
  EXPECT_EQ(h.events(EventKind::heal)[0].t_ns, h.workload->start_ns() + 30 * kNsPerS);
}

// Finding the VM takes 0.4 s before each call: the pause is still held 20 s from the suspend's
// ask to the resume's, and the inject and heal are stamped at the asks.
TEST(RunnerRun, PauseIsHeldForItsDurationFromTheSuspendsAsk) {
  Scenario s = node_kill_scenario();
  s.steps = {fault_step(0, "freeze", 10, "pause", "standby")};
  s.steps[0].fault->duration_s = 20;
  RunnerHarness h(s);
  h.lab->latencies().lookup_ns = 400 * kNsPerMs;
  auto report = h.run();
  EXPECT_EQ(report.error, "");
  auto inject = h.events(EventKind::inject);
  auto heal = h.events(EventKind::heal);
  ASSERT_EQ(inject.size(), 1u);
  ASSERT_EQ(heal.size(), 1u);
  EXPECT_EQ(inject[0].t_ns, h.workload->start_ns() + 10 * kNsPerS + 400 * kNsPerMs);
  EXPECT_EQ(heal[0].t_ns - inject[0].t_ns, 20 * kNsPerS);
}

TEST(RunnerRun, PauseOnALabThatCannotPauseIsAScenarioErrorBeforeProvision) {
  Scenario s = node_kill_scenario();
  s.steps = {fault_step(0, "freeze", 10, "pause", "standby")};
  s.steps[0].fault->duration_s = 20;
  RunnerHarness h(s, {}, /*pausable=*/false);
  EXPECT_THROW(validate_against_lab(s, *h.drivers.lab), ScenarioError);
  auto report = h.run();
  EXPECT_EQ(report.exit_code, 2);
  EXPECT_NE(report.error.find("node-kill-active.json: /steps/0/fault: pause needs a lab"), std::string::npos)
      << report.error;
  EXPECT_EQ(h.plan.count(), 0u);  // nothing was called: no provision, no teardown
  EXPECT_EQ(h.lab->provision_calls(), 0);
  EXPECT_TRUE(report.phases.empty());
}

TEST(RunnerRun, ValidateAcceptsWhatTheLabCanDo) {
  VirtualClock clock;
  FailPlan plan;
  FakeLab lab(clock, plan);
  Scenario s = node_kill_scenario();
  s.steps.push_back(fault_step(2, "freeze", 50, "pause", "standby"));
  EXPECT_NO_THROW(validate_against_lab(s, lab));
  s.steps.push_back(fault_step(3, "ring", 50, "ring_loss", "n1"));  // ring missing
  EXPECT_THROW(validate_against_lab(s, lab), ScenarioError);
}

TEST(RunnerRun, AMissedPhaseDeadlineIsItsOwnErrorNamingThePhaseAndTheBudget) {
  RunnerHarness h(node_kill_scenario());
  h.plan.hang_at(4);  // provision, watch_lifecycle, deploy, settle
  auto report = h.run();
  EXPECT_EQ(report.exit_code, 3);
  EXPECT_EQ(report.error.rfind("phase settle: deadline of 300 s passed: ", 0), 0u) << report.error;
  EXPECT_NE(report.error.find("sut.settle"), std::string::npos) << report.error;
  EXPECT_EQ(report.phases[2].state, "failed");
  for (std::size_t i = 3; i < 7; ++i) EXPECT_EQ(report.phases[i].state, "skipped") << report.phases[i].name;
  EXPECT_EQ(report.phases[7].state, "ok");  // collect
  EXPECT_EQ(report.phases[8].state, "ok");  // teardown
  EXPECT_EQ(h.lab->teardown_calls(), 1);
  auto failed = h.events(EventKind::phase, "settle");
  ASSERT_EQ(failed.size(), 2u);
  EXPECT_EQ(failed[1].data.at("state"), "failed");
  EXPECT_EQ(failed[1].t_ns - failed[0].t_ns, 300 * kNsPerS);  // it waited exactly its budget
}

TEST(RunnerRun, KeepLabSkipsTeardownOnly) {
  RunnerHarness h(node_kill_scenario());
  h.options.keep_lab = true;
  auto report = h.run();
  EXPECT_EQ(h.lab->teardown_calls(), 0);
  EXPECT_EQ(report.phases.back().name, "teardown");
  EXPECT_EQ(report.phases.back().state, "skipped");
  EXPECT_EQ(report.error, "");
}

TEST(RunnerRun, ProgressLinesNameThePhaseTheStepAndTheFault) {
  RunnerHarness h(node_kill_scenario());
  std::ostringstream out;
  h.options.quiet = false;
  h.options.progress = &out;
  h.run();
  EXPECT_NE(out.str().find("s] faults: step kill: node_kill n1 injected"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("s] faults: step revive (heals kill): node_kill n1 healed"), std::string::npos)
      << out.str();
  EXPECT_NE(out.str().find("[  60.0s] provision: done in 60.0 s"), std::string::npos) << out.str();
}

TEST(RunnerRun, QuietMeansNoOutput) {
  RunnerHarness h(node_kill_scenario());
  std::ostringstream out;
  h.options.progress = &out;  // quiet stays true
  h.run();
  EXPECT_EQ(out.str(), "");
}

}  // namespace
}  // namespace harness
