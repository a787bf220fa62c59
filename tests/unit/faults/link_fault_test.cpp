#include <gtest/gtest.h>

#include "drivers/faults/link_fault.hpp"
#include "fault_fixture.hpp"

namespace harness {
namespace {

using testing::FaultFixture;

TEST(FaultLinkCut, CutsEveryListedNicAndStampsBeforeTheFirstCut) {
  FaultFixture fx;
  auto f = FaultFixture::spec("link_cut", "standby");
  f.options["nics"] = std::vector<std::string>{"san0", "san1"};
  auto fault = fx.make(f, "n2", "cut");
  EXPECT_EQ(fault->describe(), "link_cut n2 san0 san1");
  std::int64_t t0 = fx.clock.now_ns();
  fault->inject(fx.history, fx.deadline());
  EXPECT_FALSE(fx.lab.state("n2").links.at("san0"));
  EXPECT_FALSE(fx.lab.state("n2").links.at("san1"));
  EXPECT_TRUE(fx.lab.state("n2").links.at("ring0"));
  EXPECT_TRUE(fx.lab.state("n1").links.at("san0"));
  auto inj = fx.events(EventKind::inject);
  ASSERT_EQ(inj.size(), 1u);
  EXPECT_EQ(inj[0].t_ns, t0);
  EXPECT_EQ(inj[0].data.at("call_end_ns"), t0 + 60 * kNsPerMs);  // two set_link of 30 ms
  EXPECT_EQ(inj[0].what, "link_cut");
  EXPECT_EQ(inj[0].node, "n2");
  EXPECT_EQ(inj[0].data.at("step"), "cut");
  EXPECT_EQ(inj[0].data.at("target"), "standby");
  EXPECT_EQ(inj[0].data.at("nics"), nlohmann::json::array({"san0", "san1"}));

  fx.clock.advance(5 * kNsPerS);
  std::int64_t t1 = fx.clock.now_ns();
  fault->set_heal_reason("duration");
  fault->heal(fx.history, fx.deadline());
  EXPECT_EQ(fx.lab.unrestored(), "");
  auto heal = fx.events(EventKind::heal);
  ASSERT_EQ(heal.size(), 1u);
  EXPECT_EQ(heal[0].t_ns, t1);
  EXPECT_EQ(heal[0].data.at("call_end_ns"), t1 + 60 * kNsPerMs);
  EXPECT_EQ(heal[0].data.at("reason"), "duration");
  EXPECT_EQ(heal[0].data.at("step"), "cut");
  EXPECT_EQ(fx.lab.ops(), (std::vector<std::string>{"provision", "set_link n2 san0 down",
                                                    "set_link n2 san1 down", "set_link n2 san0 up",
                                                    "set_link n2 san1 up"}));
}

TEST(FaultLinkCut, HealBringsUpEveryLinkEvenWhenOneFails) {
  FaultFixture fx;
  auto f = FaultFixture::spec("link_cut");
  f.options["nics"] = std::vector<std::string>{"san0", "san1"};
  auto fault = fx.make(f, "n1");
  fault->inject(fx.history, fx.deadline());
  fx.plan.fail_at(fx.plan.count() + 1);  // the first "up"
  EXPECT_THROW(fault->heal(fx.history, fx.deadline()), LabError);
  EXPECT_FALSE(fx.lab.state("n1").links.at("san0"));
  EXPECT_TRUE(fx.lab.state("n1").links.at("san1"));  // still attempted
  EXPECT_TRUE(fx.events(EventKind::heal).empty());   // not healed: no heal event
}

TEST(FaultLinkCut, AHalfDoneInjectIsHealedCompletely) {
  FaultFixture fx;
  auto f = FaultFixture::spec("link_cut");
  f.options["nics"] = std::vector<std::string>{"san0", "san1"};
  auto fault = fx.make(f, "n1");
  fx.plan.fail_at(fx.plan.count() + 2);  // the second "down"
  EXPECT_THROW(fault->inject(fx.history, fx.deadline()), LabError);
  EXPECT_TRUE(fx.events(EventKind::inject).empty());
  EXPECT_EQ(fx.lab.unrestored(), "n1 san0 down");
  fault->heal(fx.history, fx.deadline());
  EXPECT_EQ(fx.lab.unrestored(), "");
}

TEST(FaultLinkCut, NoNicsIsAScenarioError) {
  FaultFixture fx;
  EXPECT_THROW(fx.make(FaultFixture::spec("link_cut"), "n1"), ScenarioError);
}

TEST(FaultSplitBrain, CutsBothRingsAndKeepsTheSan) {
  FaultFixture fx;
  auto fault = fx.make(FaultFixture::spec("split_brain", "standby"), "n2");
  EXPECT_EQ(fault->describe(), "split_brain n2 ring0 ring1");
  fault->inject(fx.history, fx.deadline());
  EXPECT_EQ(fx.lab.unrestored(), "n2 ring0 down, n2 ring1 down");
  fault->heal(fx.history, fx.deadline());
  EXPECT_EQ(fx.lab.unrestored(), "");
}

TEST(FaultHeal, WithoutAnInjectAttemptHealDoesNothingAndNeverTwice) {
  FaultFixture fx;
  auto f = FaultFixture::spec("link_cut");
  f.options["nics"] = std::vector<std::string>{"san0"};
  auto fault = fx.make(f, "n1");
  std::size_t calls = fx.plan.count();
  fault->heal(fx.history, fx.deadline());
  EXPECT_EQ(fx.plan.count(), calls);
  EXPECT_TRUE(fx.events(EventKind::heal).empty());
  fault->inject(fx.history, fx.deadline());
  fault->heal(fx.history, fx.deadline());
  fault->heal(fx.history, fx.deadline());
  EXPECT_EQ(fx.events(EventKind::heal).size(), 1u);
}

}  // namespace
}  // namespace harness
