#include <gtest/gtest.h>

#include "fault_fixture.hpp"

namespace harness {
namespace {

using testing::FaultFixture;

TEST(FaultNodeKill, PowersOffAndHealPowersOnAndWaitsUntilReady) {
  FaultFixture fx;
  fx.history.add(0, EventKind::note, "", "x");
  fx.lab.watch_lifecycle(fx.history);
  auto fault = fx.make(FaultFixture::spec("node_kill"), "n1", "kill");
  std::int64_t t0 = fx.clock.now_ns();
  fault->inject(fx.history, fx.deadline());
  EXPECT_FALSE(fx.lab.state("n1").powered);
  auto inj = fx.events(EventKind::inject);
  ASSERT_EQ(inj.size(), 1u);
  EXPECT_EQ(inj[0].t_ns, t0);                                  // the plug is pulled here...
  EXPECT_EQ(inj[0].data.at("call_end_ns"), t0 + 2 * kNsPerS);  // ...virsh destroy returns here
  auto life = fx.events(EventKind::lifecycle);
  ASSERT_EQ(life.size(), 1u);
  EXPECT_EQ(life[0].what, "destroyed");
  EXPECT_EQ(life[0].data.at("cause"), "harness");

  std::int64_t t1 = fx.clock.now_ns();
  fault->set_heal_reason("step");
  fault->heal(fx.history, fx.deadline());
  EXPECT_TRUE(fx.lab.state("n1").powered);
  auto heal = fx.events(EventKind::heal);
  ASSERT_EQ(heal.size(), 1u);
  EXPECT_EQ(heal[0].t_ns, t1);
  EXPECT_EQ(heal[0].data.at("call_end_ns"), t1 + 4 * kNsPerS + 30 * kNsPerS);  // start + ready
  EXPECT_EQ(heal[0].data.at("reason"), "step");
  EXPECT_EQ(fx.plan.log().back(), "lab.wait_ready n1");
}

TEST(FaultNodeKill, APowerOffThatFailedStillGetsPoweredOnByTheHeal) {
  FaultFixture fx;
  auto fault = fx.make(FaultFixture::spec("node_kill"), "n2");
  fx.plan.fail_at(fx.plan.count() + 1);
  EXPECT_THROW(fault->inject(fx.history, fx.deadline()), LabError);
  fault->heal(fx.history, fx.deadline());
  EXPECT_EQ(fx.lab.unrestored(), "");
  EXPECT_EQ(fx.plan.log()[fx.plan.count() - 2], "lab.power_on n2");
}

TEST(FaultPause, SuspendsAndResumesThroughPausable) {
  FaultFixture fx;
  auto f = FaultFixture::spec("pause", "standby");
  f.duration_s = 20;
  auto fault = fx.make(f, "n2", "freeze");
  fault->inject(fx.history, fx.deadline());
  EXPECT_TRUE(fx.lab.state("n2").suspended);
  EXPECT_EQ(fx.events(EventKind::inject)[0].data.at("duration_s"), 20.0);
  // A frozen node does not answer.
  EXPECT_THROW(fx.lab.remote("n2").run({"true"}, fx.deadline()), LabError);
  fault->heal(fx.history, fx.deadline());
  EXPECT_FALSE(fx.lab.state("n2").suspended);
  EXPECT_EQ(fx.lab.ops().back(), "resume n2");
}

TEST(FaultPause, ALabThatCannotPauseIsRefusedAtConstruction) {
  FaultFixture fx;
  NonPausableLab plain(fx.lab);
  FaultEnv env{plain, fx.sut, fx.clock, "plain-lab-run"};
  auto f = FaultFixture::spec("pause");
  f.duration_s = 5;
  try {
    fx.factory(f, "n1", env);
    FAIL() << "expected ScenarioError";
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("cannot suspend"), std::string::npos) << e.what();
  }
}

TEST(FaultFactory, EveryTypeBuildsAFaultThatDescribesItself) {
  FaultFixture fx;
  auto f = FaultFixture::spec("link_cut");
  f.options["nics"] = std::vector<std::string>{"san1"};
  EXPECT_EQ(fx.make(f, "n1")->describe(), "link_cut n1 san1");
  EXPECT_EQ(fx.make(FaultFixture::spec("node_kill"), "n1")->describe(), "node_kill n1");
  EXPECT_EQ(fx.make(FaultFixture::spec("split_brain"), "n1")->describe(), "split_brain n1 ring0 ring1");
  EXPECT_EQ(fx.make(FaultFixture::spec("pause"), "n1")->describe(), "pause n1");
  auto p = FaultFixture::spec("process_kill");
  p.options["process"] = "corosync";
  EXPECT_EQ(fx.make(p, "n1")->describe(), "process_kill n1 corosync");
  auto d = FaultFixture::spec("disk_error");
  d.options["mode"] = "flakey";
  EXPECT_EQ(fx.make(d, "n1")->describe(), "disk_error n1 flakey");
  d.options["mode"] = "bogus";
  EXPECT_THROW(fx.make(d, "n1"), ScenarioError);
  EXPECT_EQ(fx.plan.count(), 1u);  // construction calls nothing (only the fixture's provision)
}

}  // namespace
}  // namespace harness
