#include <gtest/gtest.h>

#include "drivers/faults/ring_loss.hpp"
#include "fault_fixture.hpp"

namespace harness {
namespace {

using testing::Argv;
using testing::FaultFixture;
using testing::kBootIdArgv;
using testing::result;
const char* kTable = "harness_ring_test_20261205_0001_ring0";

struct FaultRingLoss : testing::NodeWithBootId {
  FaultRingLoss() : NodeWithBootId(40 * kNsPerMs) {}
  std::unique_ptr<Fault> make(int ring) {
    auto f = FaultFixture::spec("ring_loss", "active");
    f.options["ring"] = ring;
    return fx.make(f, "n1", "ring");
  }
};

// The cut is corosync's UDP on the node's ring address, not the NIC: DRBD's TCP on ring0 and
// every link stay up.
TEST_F(FaultRingLoss, DropsUdpOnTheRingAddressOnlyAndStampsAtTheNftCall) {
  auto fault = make(0);
  EXPECT_EQ(fault->describe(), "ring_loss n1 ring0");
  std::int64_t t0 = fx.clock.now_ns();
  fault->inject(fx.history, fx.deadline());
  auto calls = n1.calls();
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[1].argv, (Argv{"nft", "-f", "-"}));
  const std::string& rules = calls[1].stdin_data;
  EXPECT_NE(rules.find(std::string("table inet ") + kTable + " {"), std::string::npos) << rules;
  EXPECT_NE(rules.find("hook input priority -300"), std::string::npos) << rules;
  EXPECT_NE(rules.find("ip daddr 10.1.0.11 meta l4proto udp drop"), std::string::npos) << rules;
  EXPECT_NE(rules.find("ip saddr 10.1.0.11 meta l4proto udp drop"), std::string::npos) << rules;
  EXPECT_EQ(rules.find("10.2.0.11"), std::string::npos) << "ring1 untouched";
  EXPECT_EQ(fx.lab.unrestored(), "");  // no link went down
  auto inj = fx.events(EventKind::inject);
  ASSERT_EQ(inj.size(), 1u);
  EXPECT_EQ(inj[0].t_ns, t0 + 40 * kNsPerMs);  // after the boot id, just before nft
  EXPECT_EQ(inj[0].data.at("ring"), 0);
  EXPECT_EQ(inj[0].data.at("nft_table"), kTable);
  EXPECT_EQ(inj[0].data.at("address"), "10.1.0.11");

  fault->heal(fx.history, fx.deadline());
  EXPECT_EQ(n1.argvs().back(), (Argv{"nft", "delete", "table", "inet", kTable}));
  auto heal = fx.events(EventKind::heal);
  ASSERT_EQ(heal.size(), 1u);
  EXPECT_FALSE(heal[0].data.contains("skipped"));
}

TEST_F(FaultRingLoss, Ring1UsesTheRing1AddressAndItsOwnTable) {
  auto fault = make(1);
  fault->inject(fx.history, fx.deadline());
  const std::string& rules = n1.calls()[1].stdin_data;
  EXPECT_NE(rules.find("harness_ring_test_20261205_0001_ring1"), std::string::npos) << rules;
  EXPECT_NE(rules.find("ip daddr 10.2.0.11 "), std::string::npos) << rules;
}

TEST_F(FaultRingLoss, AFailedNftIsAnErrorWithItsStderr) {
  n1.respond({"nft"}, result(1, "", "Error: Could not process rule: No such file or directory"));
  auto fault = make(0);
  try {
    fault->inject(fx.history, fx.deadline());
    FAIL() << "expected LabError";
  } catch (const LabError& e) {
    EXPECT_NE(std::string(e.what()).find("Could not process rule"), std::string::npos) << e.what();
  }
}

TEST_F(FaultRingLoss, ARebootedOrUnreachableNodeIsASkippedHealNotADeleteThatFails) {
  auto rebooted = make(0);
  rebooted->inject(fx.history, fx.deadline());
  boot = "3f1c9a7e-0000-4000-8000-000000000002\n";
  EXPECT_NO_THROW(rebooted->heal(fx.history, fx.deadline()));
  EXPECT_EQ(n1.argvs().back(), kBootIdArgv);

  auto fenced = make(1);
  fenced->inject(fx.history, fx.deadline());
  n1.set_reachable(false);
  EXPECT_NO_THROW(fenced->heal(fx.history, fx.deadline()));
  auto heals = fx.events(EventKind::heal);
  ASSERT_EQ(heals.size(), 2u);
  EXPECT_NE(heals[0].data.value("skipped", "").find("rebooted"), std::string::npos);
  EXPECT_NE(heals[1].data.value("skipped", "").find("does not answer"), std::string::npos);
}

TEST(FaultRingLossNames, TableNamesComeFromTheRunIdAndBadInputIsRefused) {
  EXPECT_EQ(ring_loss_table("ring0-loss-20261205-1942-be7e", 0), "harness_ring0_loss_20261205_1942_be7e_ring0");
  EXPECT_THROW(ring_loss_table("bad id; nft flush ruleset", 0), ScenarioError);
  EXPECT_THROW(ring_loss_table("", 1), ScenarioError);
  EXPECT_THROW(ring_loss_ruleset("harness_x_ring0", "10.1.0.11; drop"), LabError);
  EXPECT_THROW(ring_loss_ruleset("harness_x_ring0", "ring0"), LabError);
  FaultFixture fx;
  auto f = FaultFixture::spec("ring_loss", "n1");
  EXPECT_THROW(fx.make(f, "n1"), ScenarioError);  // no ring
  f.options["ring"] = 2;
  EXPECT_THROW(fx.make(f, "n1"), ScenarioError);
}

}  // namespace
}  // namespace harness
