// AluaCluster::apply_live_tunables on scripted nodes: after a revert the scenario's live
// tunables reach the running system (the CIB by modify, DRBD by adjust, multipathd by
// reconfigure, the iSCSI node records and each logged-in session's recovery_tmo), and the
// files the next rejoin or login reads say the same.
#include <gtest/gtest.h>

#include <algorithm>

#include "drivers/sut/alua_cluster.hpp"
#include "fakes/fake_lab.hpp"
#include "tests/unit/deploy_fixture.hpp"
#include "tests/unit/recording.hpp"

namespace harness {
namespace {

using Argv = std::vector<std::string>;

struct AluaLiveTunables : ::testing::Test {
  VirtualClock clock;
  FailPlan plan;
  FakeLab lab{clock, plan, deploy_fixture::lab_nodes()};
  Tunables tun;

  AluaLiveTunables() {
    lab.provision(Deadline::after(clock, 600));
    CommandResult sessions;
    sessions.exit_status = 0;
    sessions.out = test::recording("deployed/iscsiadm_session_P3.initiator.txt");
    lab.fake_remote("initiator").respond({"iscsiadm", "-m", "session"}, sessions);
    tun.pacemaker.resource_stickiness = 0;
    tun.drbd.ping_timeout_ds = 9;
    tun.multipath.no_path_retry = "fail";
    tun.iscsi.replacement_timeout_s = 17;
  }
  void apply() {
    AluaClusterOptions o;
    o.topo = deploy_fixture::lab_topology();
    AluaCluster(lab, o).apply_live_tunables(tun, Deadline::after(clock, 600));
  }
  static bool has(const std::vector<Argv>& argvs, const Argv& want) {
    return std::find(argvs.begin(), argvs.end(), want) != argvs.end();
  }
};

TEST_F(AluaLiveTunables, EachComponentTakesItsNewValuesWithoutARedeploy) {
  apply();
  // The CIB: on one node only, with the new stickiness.
  int modifies = 0;
  for (const char* n : {"n1", "n2"})
    for (const auto& a : lab.fake_remote(n).argvs())
      if (a.size() > 1 && a[0] == "cibadmin" && a[1] == "--modify") {
        ++modifies;
        EXPECT_EQ(std::string(n), "n1");
        if (a[3] == "rsc_defaults")
          EXPECT_NE(a[5].find("name=\"resource-stickiness\" value=\"0\""), std::string::npos) << a[5];
      }
  EXPECT_EQ(modifies, 2);
  // DRBD: the file with the new ping-timeout, then adjust, on both.
  for (const char* n : {"n1", "n2"}) {
    auto& r = lab.fake_remote(n);
    EXPECT_TRUE(has(r.argvs(), {"drbdadm", "adjust", "r0"})) << n;
    ASSERT_TRUE(r.files().count("/etc/drbd.d/r0.res")) << n;
    EXPECT_NE(r.files().at("/etc/drbd.d/r0.res").find("ping-timeout 9;"), std::string::npos)
        << r.files().at("/etc/drbd.d/r0.res");
  }
  // The initiator: multipath.conf and a reconfigure; the node records and every session.
  auto& ini = lab.fake_remote("initiator");
  ASSERT_TRUE(ini.files().count("/etc/multipath.conf"));
  EXPECT_NE(ini.files().at("/etc/multipath.conf").find("no_path_retry"), std::string::npos);
  EXPECT_NE(ini.files().at("/etc/multipath.conf").find("fail"), std::string::npos);
  EXPECT_TRUE(has(ini.argvs(), {"multipathd", "reconfigure"}));
  int record_updates = 0, sysfs_writes = 0;
  for (const auto& c : ini.calls()) {
    const auto& a = c.argv;
    if (a[0] == "iscsiadm" && std::find(a.begin(), a.end(), "node.session.timeo.replacement_timeout") != a.end()) {
      ++record_updates;
      EXPECT_EQ(a.back(), "17");
    }
    if (a[0] == "tee") {
      ++sysfs_writes;
      EXPECT_EQ(a[1].rfind("/sys/class/iscsi_session/session", 0), 0u) << a[1];
      EXPECT_EQ(c.stdin_data, "17");
    }
  }
  EXPECT_EQ(record_updates, 2) << "one per target (both portals)";
  EXPECT_EQ(sysfs_writes, 4) << "one per logged-in session in the recording";
}

}  // namespace
}  // namespace harness
