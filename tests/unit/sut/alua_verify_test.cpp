// AluaCluster::verify on scripted nodes: DRBD that stays StandAlone after the heal is a split
// brain, recorded as the integrity finding it is, instead of a wait until the deadline (the
// STONITH-disabled negative control ended in exit 3 that way); a short StandAlone is not.
#include "drivers/sut/alua_cluster.hpp"

#include <gtest/gtest.h>

#include <map>

#include "fakes/fake_lab.hpp"
#include "tests/unit/deploy_fixture.hpp"
#include "tests/unit/recording.hpp"

namespace harness {
namespace {

using Argv = std::vector<std::string>;

CommandResult ok(std::string out = "") {
  CommandResult r;
  r.exit_status = 0;
  r.out = std::move(out);
  return r;
}

struct AluaVerify : ::testing::Test {
  VirtualClock clock;
  FailPlan plan;
  FakeLab lab{clock, plan, deploy_fixture::lab_nodes()};
  History history;
  int standalone_polls = 1000;  // /proc/drbd says StandAlone this many times per node
  std::map<std::string, int> polls;

  AluaVerify() {
    lab.provision(deadline());
    for (const char* n : {"n1", "n2"}) {
      FakeRemote& r = lab.fake_remote(n);
      r.respond({"cat", "/proc/drbd"}, [this, n](const Argv&) {
        std::string text = test::recording("deployed/proc_drbd.n1.txt");
        if (polls[n]++ < standalone_polls) {
          auto at = text.find("cs:Connected");
          text.replace(at, 12, "cs:StandAlone");
        }
        return ok(text);
      });
    }
  }
  Deadline deadline() { return Deadline::after(clock, 600); }
  void verify() {
    AluaClusterOptions o;
    o.topo = deploy_fixture::lab_topology();
    AluaCluster(lab, o).verify(history, deadline());
  }
  std::vector<Event> drbd_verify_events() const {
    std::vector<Event> out;
    for (const auto& e : history.events())
      if (e.kind == EventKind::verify && e.what == "drbd_verify") out.push_back(e);
    return out;
  }
  bool ran_online_verify(const std::string& node) {
    for (const auto& a : lab.fake_remote(node).argvs())
      if (a.size() > 1 && a[0] == "drbdadm" && a.back() == "r0" &&
          std::find(a.begin(), a.end(), "verify") != a.end())
        return true;
    return false;
  }
};

TEST_F(AluaVerify, StandAloneThatLastsIsASplitBrainFindingNotATimeout) {
  const std::int64_t t0 = clock.now_ns();
  ASSERT_NO_THROW(verify());
  EXPECT_LT(clock.now_ns() - t0, seconds_to_ns(30)) << "decided after ~15 s, not at the deadline";
  auto events = drbd_verify_events();
  ASSERT_EQ(events.size(), 2u);
  for (const auto& e : events) {
    EXPECT_EQ(e.data.at("ok"), false) << e.data.dump();
    EXPECT_EQ(e.data.at("split_brain"), true) << e.data.dump();
    EXPECT_EQ(e.data.at("state"), "StandAlone Primary/Primary UpToDate/UpToDate");
  }
  EXPECT_FALSE(ran_online_verify("n1"));
}

TEST_F(AluaVerify, AShortStandAloneIsWaitedOutAndTheOnlineVerifyRuns) {
  standalone_polls = 3;
  verify();
  EXPECT_TRUE(ran_online_verify("n1"));
  auto events = drbd_verify_events();
  ASSERT_EQ(events.size(), 2u);
  for (const auto& e : events) {
    EXPECT_EQ(e.data.at("ok"), true) << e.data.dump();
    EXPECT_FALSE(e.data.contains("split_brain"));
  }
}

// The drbdsetup message DRBD 8.4 gave when the connection dropped as a verify started (recorded
// in a node-kill-standby run on a reverted lab).
CommandResult need_a_connection() {
  CommandResult r;
  r.exit_status = 11;
  r.err = "0: State change failed: (-15) Need a connection to start verify or resync\n"
          "Command 'drbdsetup-84 verify 0 --start=0 --stop=524288' terminated with exit code 11\n";
  return r;
}

int online_verifies(FakeLab& lab, const std::string& node) {
  int n = 0;
  for (const auto& a : lab.fake_remote(node).argvs())
    if (a.size() > 1 && a[0] == "drbdadm" && std::find(a.begin(), a.end(), "verify") != a.end()) ++n;
  return n;
}

TEST_F(AluaVerify, AVerifyRefusedForALostConnectionIsStartedAgainOnceConnected) {
  standalone_polls = 0;
  int refusals = 1;
  lab.fake_remote("n1").respond({"drbdadm"}, [&](const Argv&) {
    return refusals-- > 0 ? need_a_connection() : ok();
  });
  ASSERT_NO_THROW(verify());
  EXPECT_EQ(online_verifies(lab, "n1"), 2);
  auto events = drbd_verify_events();
  ASSERT_EQ(events.size(), 2u);
  for (const auto& e : events) EXPECT_EQ(e.data.at("ok"), true) << e.data.dump();
}

TEST_F(AluaVerify, AVerifyRefusedEveryTimeIsALabErrorAfterThreeAttempts) {
  standalone_polls = 0;
  lab.fake_remote("n1").respond({"drbdadm"}, [&](const Argv&) { return need_a_connection(); });
  try {
    verify();
    FAIL() << "a verify that never starts must not pass";
  } catch (const LabError& e) {
    EXPECT_NE(std::string(e.what()).find("Need a connection"), std::string::npos) << e.what();
  }
  EXPECT_EQ(online_verifies(lab, "n1"), 3);
}

// The connection dropped under a running verify (recorded on a reverted lab: VerifyS, then
// WFConnection): the count is partial, so the verify starts again once both are back, instead
// of waiting for "Connected" until the deadline.
TEST_F(AluaVerify, AVerifyInterruptedByADroppedConnectionIsStartedAgain) {
  standalone_polls = 0;
  int dropped = 0;  // /proc/drbd polls of n1 that show the drop, after the first verify
  lab.fake_remote("n1").respond({"drbdadm"}, [&](const Argv&) {
    if (online_verifies(lab, "n1") == 1) dropped = 2;
    return ok();
  });
  lab.fake_remote("n1").respond({"cat", "/proc/drbd"}, [&](const Argv&) {
    std::string text = test::recording("deployed/proc_drbd.n1.txt");
    if (dropped > 0) {
      --dropped;
      text.replace(text.find("cs:Connected"), 12, "cs:WFConnection");
      text.replace(text.find("ro:Primary/Primary"), 18, "ro:Primary/Unknown");
      text.replace(text.find("ds:UpToDate/UpToDate"), 20, "ds:UpToDate/DUnknown");
    }
    return ok(text);
  });
  const std::int64_t t0 = clock.now_ns();
  ASSERT_NO_THROW(verify());
  EXPECT_LT(clock.now_ns() - t0, seconds_to_ns(60)) << "not a wait until the deadline";
  EXPECT_EQ(online_verifies(lab, "n1"), 2);
  auto events = drbd_verify_events();
  ASSERT_EQ(events.size(), 2u);
  for (const auto& e : events) EXPECT_EQ(e.data.at("ok"), true) << e.data.dump();
}

}  // namespace
}  // namespace harness
