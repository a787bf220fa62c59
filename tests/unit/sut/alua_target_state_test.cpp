// The ALUA states the system under test reads on the targets go through the target driver:
// roles and the take-out on scripted nodes, with LIO (configfs numbers, stopped = unavailable)
// and with SCST (sysfs names, stopped = offline). A driver reading the other one's files would
// see nothing there (unscripted commands answer empty) and find no roles.
#include <gtest/gtest.h>

#include <algorithm>

#include "drivers/sut/alua_cluster.hpp"
#include "fakes/fake_lab.hpp"
#include "harness/core/errors.hpp"
#include "tests/unit/deploy_fixture.hpp"

namespace harness {
namespace {

using Argv = std::vector<std::string>;

const char* const kLio = "/sys/kernel/config/target/core/iblock_0/drbd0/alua/tpg_";
const char* const kScst = "/sys/kernel/scst_tgt/device_groups/dg_drbd0/target_groups/tg_";

CommandResult answer(std::string out, int exit_status = 0) {
  CommandResult r;
  r.exit_status = exit_status;
  r.out = std::move(out);
  return r;
}

struct AluaTargetState : ::testing::Test {
  VirtualClock clock;
  FailPlan plan;
  FakeLab lab{clock, plan, deploy_fixture::lab_nodes()};

  AluaTargetState() { lab.provision(deadline()); }
  Deadline deadline() { return Deadline::after(clock, 120); }
  AluaCluster cluster(const std::string& driver) {
    AluaClusterOptions o;
    o.topo = deploy_fixture::lab_topology();
    o.target = TargetOptions{driver};
    return AluaCluster(lab, o);
  }
  void lio_state(const std::string& node, const std::string& number) {
    lab.fake_remote(node).respond({"cat", kLio + node + "/alua_access_state"}, answer(number + "\n"));
  }
  void scst_state(const std::string& node, const std::string& name) {
    lab.fake_remote(node).respond({"cat", kScst + node + "/state"}, answer(name + "\n[key]\n"));
  }
  // The rest of a take-out, answered as a node that leaves cleanly: DRBD down, cluster stopped.
  void leaves_cleanly(const std::string& node) {
    lab.fake_remote(node).respond({"cat", "/proc/drbd"},
                                  answer("version: 8.4.11 (api:1/proto:86-101)\n"));
    lab.fake_remote(node).respond({"systemctl", "is-active"}, answer("", 3));
  }
  bool ran(const std::string& node, const Argv& argv) {
    auto a = lab.fake_remote(node).argvs();
    return std::find(a.begin(), a.end(), argv) != a.end();
  }
};

TEST_F(AluaTargetState, RolesFromLiosConfigfsNumbers) {
  lio_state("n1", "1");
  lio_state("n2", "0");
  auto r = cluster("lio").roles(deadline());
  EXPECT_EQ(r.active, "n2");
  EXPECT_EQ(r.standby, "n1");
}

TEST_F(AluaTargetState, RolesFromScstsSysfsNames) {
  scst_state("n1", "active");
  scst_state("n2", "nonoptimized");
  auto r = cluster("scst").roles(deadline());
  EXPECT_EQ(r.active, "n1");
  EXPECT_EQ(r.standby, "n2");
  EXPECT_TRUE(ran("n1", {"cat", std::string(kScst) + "n1/state"}));
}

TEST_F(AluaTargetState, EachDriverReadsOnlyItsOwnTarget) {
  lio_state("n1", "0");
  scst_state("n2", "active");
  EXPECT_EQ(cluster("lio").roles(deadline()).active, "n1");
  EXPECT_EQ(cluster("scst").roles(deadline()).active, "n2");
  lab.fake_remote("n2").respond({"cat", std::string(kScst) + "n2/state"}, answer("0\n"));
  EXPECT_THROW(cluster("scst").roles(deadline()), LabError) << "LIO's number is no SCST state";
}

// take_out waits for the node's group in the state the driver's agent stops it in, then tears
// the target down with every command required to succeed.
TEST_F(AluaTargetState, TakeOutOfAnScstNodeWaitsForOfflineThenTearsScstDown) {
  scst_state("n1", "offline");
  scst_state("n2", "active");
  leaves_cleanly("n1");
  ASSERT_NO_THROW(cluster("scst").take_out("n1", deadline()));
  EXPECT_TRUE(ran("n1", {"scstadmin", "-noprompt", "-force", "-clear_config"}));
  EXPECT_FALSE(ran("n1", {"targetcli", "/iscsi", "delete", "iqn.2003-01.org.example.harness:n1"}));
}

TEST_F(AluaTargetState, TakeOutOfAnScstNodeDoesNotTakeUnavailableForStopped) {
  scst_state("n1", "unavailable");  // LIO's stopped state: not what SCST's agent leaves
  scst_state("n2", "active");
  leaves_cleanly("n1");
  EXPECT_THROW(cluster("scst").take_out("n1", deadline()), LabError);
  EXPECT_FALSE(ran("n1", {"scstadmin", "-noprompt", "-force", "-clear_config"}));
}

TEST_F(AluaTargetState, TakeOutOfALioNodeStillWaitsForUnavailable) {
  lio_state("n2", "3");
  lio_state("n1", "0");
  leaves_cleanly("n2");
  ASSERT_NO_THROW(cluster("lio").take_out("n2", deadline()));
  EXPECT_TRUE(ran("n2", {"targetcli", "/iscsi", "delete", "iqn.2003-01.org.example.harness:n2"}));
}

TEST_F(AluaTargetState, TakeOutFailsWhenAnScstTeardownStepFails) {
  scst_state("n1", "offline");
  scst_state("n2", "active");
  leaves_cleanly("n1");
  lab.fake_remote("n1").respond({"scstadmin", "-noprompt", "-force", "-clear_config"},
                                answer("", 1));
  EXPECT_THROW(cluster("scst").take_out("n1", deadline()), LabError)
      << "a target left holding the DRBD device must stop the take-out";
}

}  // namespace
}  // namespace harness
