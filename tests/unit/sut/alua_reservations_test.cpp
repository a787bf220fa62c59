// AluaCluster::check_reservations on scripted nodes: the deploy's check that the target takes a
// SCSI-3 registration through every path (LIO without its pr/ directory refused every one).
#include <gtest/gtest.h>

#include <algorithm>

#include "drivers/sut/alua_cluster.hpp"
#include "fakes/fake_lab.hpp"
#include "harness/core/errors.hpp"
#include "tests/unit/deploy_fixture.hpp"
#include "tests/unit/recording.hpp"

namespace harness {
namespace {

using Argv = std::vector<std::string>;

struct AluaReservations : ::testing::Test {
  VirtualClock clock;
  FailPlan plan;
  FakeLab lab{clock, plan, deploy_fixture::lab_nodes()};

  AluaReservations() {
    lab.provision(Deadline::after(clock, 600));
    CommandResult paths;
    paths.exit_status = 0;
    paths.out = test::recording("deployed/multipathd_paths.initiator.txt");
    lab.fake_remote("initiator").respond({"multipathd"}, paths);
  }
  void check() {
    AluaClusterOptions o;
    o.topo = deploy_fixture::lab_topology();
    AluaCluster(lab, o).check_reservations(Deadline::after(clock, 600));
  }
  std::vector<Argv> persists() {
    std::vector<Argv> out;
    for (const auto& a : lab.fake_remote("initiator").argvs())
      if (a[0] == "sg_persist") out.push_back(a);
    return out;
  }
};

TEST_F(AluaReservations, EveryPathRegistersThenUnregistersTheKey) {
  ASSERT_NO_THROW(check());
  auto calls = persists();
  ASSERT_EQ(calls.size(), 8u) << "register and unregister on each of the four paths";
  for (const char* dev : {"/dev/sda", "/dev/sdb", "/dev/sdc", "/dev/sdd"}) {
    auto reg = std::find(calls.begin(), calls.end(),
                         Argv{"sg_persist", "--out", "--register", "--param-sark=0x6861726e657373", dev});
    auto unreg = std::find(calls.begin(), calls.end(),
                           Argv{"sg_persist", "--out", "--register", "--param-rk=0x6861726e657373",
                                "--param-sark=0", dev});
    ASSERT_NE(reg, calls.end()) << dev;
    ASSERT_NE(unreg, calls.end()) << dev;
    EXPECT_LT(reg - calls.begin(), unreg - calls.begin()) << dev;
  }
}

TEST_F(AluaReservations, ARefusedRegistrationFailsTheDeploymentNamingThePath) {
  CommandResult refused;
  refused.exit_status = 2;  // sg3-utils: "not ready" sense
  refused.err = "PR out: command failed\n";
  lab.fake_remote("initiator").respond({"sg_persist", "--out", "--register",
                                        "--param-sark=0x6861726e657373", "/dev/sdc"},
                                       refused);
  try {
    check();
    FAIL() << "a target that refuses a registration must not deploy";
  } catch (const LabError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("refused a registration"), std::string::npos) << what;
    EXPECT_NE(what.find("/dev/sdc"), std::string::npos) << what;
  }
}

}  // namespace
}  // namespace harness
