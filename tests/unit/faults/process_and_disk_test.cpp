#include <gtest/gtest.h>

#include "drivers/faults/disk_error.hpp"
#include "drivers/faults/process_kill.hpp"
#include "fault_fixture.hpp"

namespace harness {
namespace {

using testing::FaultFixture;
using testing::result;
using testing::Argv;
const Argv& kBootId = testing::kBootIdArgv;

struct FaultProcessKill : testing::NodeWithBootId {
  FaultProcessKill() : NodeWithBootId(50 * kNsPerMs) {
    n1.respond({"pgrep"}, result(0, "412\n413\n"));
  }
  std::unique_ptr<Fault> make(const std::string& process) {
    auto f = FaultFixture::spec("process_kill", "n1");
    f.options["process"] = process;
    return fx.make(f, "n1", "crash");
  }
};

TEST_F(FaultProcessKill, SendsKillToTheExactNameAndRecordsThePidsStampedAtThePkill) {
  auto fault = make("corosync");
  std::int64_t t0 = fx.clock.now_ns();
  fault->inject(fx.history, fx.deadline());
  EXPECT_EQ(n1.argvs(), (std::vector<Argv>{kBootId,
                                           {"pgrep", "-x", "corosync"},
                                           {"pkill", "--signal", "KILL", "--exact", "corosync"}}));
  auto inj = fx.events(EventKind::inject);
  ASSERT_EQ(inj.size(), 1u);
  EXPECT_EQ(inj[0].t_ns, t0 + 100 * kNsPerMs);  // after cat and pgrep, just before pkill
  EXPECT_EQ(inj[0].data.at("call_end_ns"), t0 + 150 * kNsPerMs);
  EXPECT_EQ(inj[0].data.at("pids"), nlohmann::json::array({412, 413}));
  EXPECT_EQ(inj[0].data.at("process"), "corosync");

  fault->heal(fx.history, fx.deadline());
  EXPECT_EQ(n1.argvs().back(), (Argv{"systemctl", "start", "corosync"}));
  EXPECT_FALSE(fx.events(EventKind::heal)[0].data.contains("skipped"));
}

TEST_F(FaultProcessKill, PacemakerSubDaemonsComeBackThroughPacemakerService) {
  EXPECT_EQ(unit_for_process("pacemaker-controld"), "pacemaker");
  EXPECT_EQ(unit_for_process("pacemakerd"), "pacemaker");
  EXPECT_EQ(unit_for_process("sshd"), "ssh");
  EXPECT_EQ(unit_for_process("multipathd"), "multipathd");
  auto fault = make("pacemaker-controld");
  fault->inject(fx.history, fx.deadline());
  fault->heal(fx.history, fx.deadline());
  EXPECT_EQ(n1.argvs().back(), (Argv{"systemctl", "start", "pacemaker"}));
}

TEST_F(FaultProcessKill, AfterARebootTheHealStartsNothingAndSaysSo) {
  auto fault = make("corosync");
  fault->inject(fx.history, fx.deadline());
  boot = "3f1c9a7e-0000-4000-8000-000000000002\n";  // fenced and rebooted meanwhile
  fault->heal(fx.history, fx.deadline());
  EXPECT_EQ(n1.argvs().back(), kBootId);
  auto heal = fx.events(EventKind::heal);
  ASSERT_EQ(heal.size(), 1u);
  EXPECT_TRUE(heal[0].data.contains("skipped"));
}

// Corosync killed on the active node: the peer fences it off, so at heal time it answers
// nothing. The heal says so instead of failing the run (which lost its verdicts that way).
TEST_F(FaultProcessKill, AFencedOffNodeIsNotAFailedHeal) {
  auto fault = make("corosync");
  fault->inject(fx.history, fx.deadline());
  n1.set_reachable(false);
  EXPECT_NO_THROW(fault->heal(fx.history, fx.deadline()));
  auto heal = fx.events(EventKind::heal);
  ASSERT_EQ(heal.size(), 1u);
  EXPECT_NE(heal[0].data.value("skipped", "").find("does not answer"), std::string::npos)
      << heal[0].data.dump();
}

TEST_F(FaultProcessKill, NothingToKillIsAnError) {
  n1.respond({"pkill"}, result(1));
  auto fault = make("corosync");
  try {
    fault->inject(fx.history, fx.deadline());
    FAIL() << "expected LabError";
  } catch (const LabError& e) {
    EXPECT_NE(std::string(e.what()).find("no process named 'corosync'"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(fx.events(EventKind::inject).empty());
}

TEST_F(FaultProcessKill, AFailedStartIsAnErrorWithTheCommand) {
  n1.respond({"systemctl"}, result(5, "", "Unit corosync.service not found."));
  auto fault = make("corosync");
  fault->inject(fx.history, fx.deadline());
  try {
    fault->heal(fx.history, fx.deadline());
    FAIL() << "expected LabError";
  } catch (const LabError& e) {
    EXPECT_NE(std::string(e.what()).find("systemctl start corosync"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("not found"), std::string::npos) << e.what();
  }
}

struct FaultDiskError : ::testing::Test {
  FaultFixture fx;
  FakeRemote& n2 = fx.lab.fake_remote("n2");
  std::string table = "0 2097152 linear 254:1 0\n";
  FaultDiskError() {
    n2.respond({"dmsetup", "table"}, [this](const Argv&) { return result(0, table); });
  }
  std::unique_ptr<Fault> make(const std::string& mode) {
    auto f = FaultFixture::spec("disk_error", "standby");
    f.options["mode"] = mode;
    return fx.make(f, "n2", "disk");
  }
};

TEST_F(FaultDiskError, SwapsInAnErrorTableAndHealRestoresTheSavedOneAndReattaches) {
  auto fault = make("error");
  fault->inject(fx.history, fx.deadline());
  EXPECT_EQ(n2.argvs(), (std::vector<Argv>{
                            {"dmsetup", "table", "harness-backing"},
                            {"dmsetup", "suspend", "harness-backing"},
                            {"dmsetup", "load", "harness-backing", "--table", "0 2097152 error"},
                            {"dmsetup", "resume", "harness-backing"}}));
  auto inj = fx.events(EventKind::inject);
  ASSERT_EQ(inj.size(), 1u);
  EXPECT_EQ(inj[0].data.at("mode"), "error");
  fault->heal(fx.history, fx.deadline());
  auto calls = n2.calls();
  ASSERT_EQ(calls.size(), 7u);
  EXPECT_EQ(calls[4].argv, (Argv{"dmsetup", "load", "harness-backing"}));
  EXPECT_EQ(calls[4].stdin_data, table);  // the saved table, verbatim
  EXPECT_EQ(calls[5].argv, (Argv{"dmsetup", "resume", "harness-backing"}));
  EXPECT_EQ(calls[6].argv, (Argv{"drbdadm", "attach", "all"}));
  EXPECT_EQ(fx.events(EventKind::heal).size(), 1u);
}

TEST_F(FaultDiskError, DiscardHealsWithoutReattaching) {
  auto fault = make("discard");
  fault->inject(fx.history, fx.deadline());
  EXPECT_EQ(n2.argvs()[2], (Argv{"dmsetup", "load", "harness-backing", "--table", "0 2097152 zero"}));
  fault->heal(fx.history, fx.deadline());
  EXPECT_EQ(n2.argvs().back(), (Argv{"dmsetup", "resume", "harness-backing"}));
  for (const auto& argv : n2.argvs()) EXPECT_NE(argv.front(), "drbdadm") << "DRBD never detached";
}

TEST_F(FaultDiskError, FlakeyWrapsTheLinearDevice) {
  auto fault = make("flakey");
  fault->inject(fx.history, fx.deadline());
  EXPECT_EQ(n2.argvs()[2], (Argv{"dmsetup", "load", "harness-backing", "--table",
                                 "0 2097152 flakey 254:1 0 1 4"}));
  EXPECT_EQ(failing_table("0 100 linear 8:16 2048", "flakey"), "0 100 flakey 8:16 2048 1 4");
  EXPECT_THROW(failing_table("0 100 linear 8:16 0\n100 50 linear 8:32 0\n", "flakey"), LabError);
  EXPECT_EQ(failing_table("0 100 linear 8:16 0\n100 50 linear 8:32 0\n", "error"), "0 150 error");
  EXPECT_EQ(failing_table("0 100 linear 8:16 0\n100 50 linear 8:32 0\n", "discard"), "0 150 zero");
  EXPECT_THROW(failing_table("0 100 linear 8:16 0", "vanish"), ScenarioError);
  EXPECT_THROW(table_sectors("garbage"), LabError);
  EXPECT_THROW(table_sectors(""), LabError);
}

TEST_F(FaultDiskError, AlreadyAttachedCountsAsHealedOtherAttachFailuresDoNot) {
  auto fault = make("error");
  fault->inject(fx.history, fx.deadline());
  n2.respond({"drbdadm", "attach"}, result(10, "", "r0: Failure: (124) Device is attached to a disk (use detach first)"));
  EXPECT_NO_THROW(fault->heal(fx.history, fx.deadline()));

  auto second = make("error");
  second->inject(fx.history, fx.deadline());
  n2.respond({"drbdadm", "attach"}, result(10, "", "r0: Failure: (104) Can not open backing device."));
  EXPECT_THROW(second->heal(fx.history, fx.deadline()), LabError);
}

TEST_F(FaultDiskError, ASuspendedDeviceIsResumedByTheHealEvenIfTheLoadFailed) {
  auto fault = make("error");
  n2.respond({"dmsetup", "load"}, result(1, "", "device-mapper: reload ioctl failed"));
  EXPECT_THROW(fault->inject(fx.history, fx.deadline()), LabError);
  n2.respond({"dmsetup", "load"}, result(0));
  fault->heal(fx.history, fx.deadline());
  auto argv = n2.argvs();
  EXPECT_EQ(argv[argv.size() - 2], (Argv{"dmsetup", "resume", "harness-backing"}));
}

TEST_F(FaultDiskError, NothingIsTouchedIfTheTableCouldNotBeRead) {
  n2.respond({"dmsetup", "table"}, result(1, "", "Device does not exist."));
  auto fault = make("error");
  EXPECT_THROW(fault->inject(fx.history, fx.deadline()), LabError);
  fault->heal(fx.history, fx.deadline());
  EXPECT_EQ(n2.calls().size(), 1u);  // only the failed `dmsetup table`
}

}  // namespace
}  // namespace harness
