// Runs the real OCF agent (drivers/lio/ocf/harness-alua) with /bin/sh against a fake configfs
// tree in a temp dir (HARNESS_CONFIGFS_ROOT), with a stub crm_attribute first on PATH that
// records its arguments, and checks exit codes, the access state and type written to the
// "configfs" files, and the promotion scores for every action.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <chrono>

#include <gtest/gtest.h>

#include "tests/unit/ocf_agent_support.hpp"
#include "harness/core/clock.hpp"
#include "harness/core/deadline.hpp"

namespace harness {
namespace {

namespace fs = std::filesystem;

using namespace harness::test;  // OCF exit codes, slurp, write, run_agent

class OcfAluaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/harness-ocf-alua-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    root = tmpl;
    group = root / "configfs/target/core/iblock_0/drbd0/alua/tpg_n1";
    fs::create_directories(group);
    write(group / "alua_access_state", "3\n");  // as the deploy leaves it: stopped
    write(group / "alua_access_type", "1\n");
    fs::create_directories(root / "bin");
    // The stub appends its arguments to a log; CRM_FAIL=1 makes it fail.
    write(root / "bin/crm_attribute",
          "#!/bin/sh\necho \"$*\" >> \"$CRM_LOG\"\n[ \"${CRM_FAIL:-0}\" = 1 ] && exit 1\nexit 0\n");
    fs::permissions(root / "bin/crm_attribute", fs::perms::owner_all);
    fs::create_directories(root / "rsctmp");
    write(root / "lio-ready", "iqn.2003-01.org.example.harness:n1\n");  // lio-setup finished
  }
  void TearDown() override { fs::remove_all(root); }

  int run(const std::string& action, std::map<std::string, std::string> env = {}) {
    std::map<std::string, std::string> e = {
        {"HARNESS_CONFIGFS_ROOT", (root / "configfs").string()},
        {"HA_RSCTMP", (root / "rsctmp").string()},
        {"HARNESS_LIO_READY", (root / "lio-ready").string()},
        {"PATH", (root / "bin").string() + ":/usr/bin:/bin"},
        {"CRM_LOG", (root / "crm.log").string()},
        {"OCF_RESOURCE_INSTANCE", "alua:0"},
        {"OCF_RESKEY_tg_pt_gp", "tpg_n1"},
        {"OCF_RESKEY_device", "iblock_0/drbd0"},
    };
    for (auto& [k, v] : env) e[k] = v;
    auto r = run_agent(*clock, agent, action, e);
    last_out = r.out;
    last_err = r.err;
    return r.exit_status;
  }
  std::string state() { return slurp(group / "alua_access_state"); }
  std::string type() { return slurp(group / "alua_access_type"); }
  std::string role() { return slurp(root / "rsctmp/harness-alua-tpg_n1.role"); }
  std::string crm_log() { return slurp(root / "crm.log"); }

  std::unique_ptr<Clock> clock = make_system_clock();
  std::string agent = std::string(HARNESS_SOURCE_DIR) + "/drivers/lio/ocf/harness-alua";
  fs::path root, group;
  std::string last_out, last_err;
};

TEST_F(OcfAluaTest, MonitorOfTheDeployedStoppedGroupIsNotRunning) {
  EXPECT_EQ(run("monitor"), kNotRunning);
}

TEST_F(OcfAluaTest, MonitorWithoutTheGroupIsNotRunning) {
  fs::remove_all(group);
  EXPECT_EQ(run("monitor"), kNotRunning);
}

TEST_F(OcfAluaTest, WithoutLioSetupsReadyMarkTheGroupIsNotRunningWhateverItsState) {
  ASSERT_EQ(run("start"), kSuccess);
  ASSERT_EQ(run("promote"), kSuccess);
  fs::remove(root / "lio-ready");  // lio-setup running again: its last steps reset the group
  EXPECT_EQ(run("monitor"), kNotRunning);
}

TEST_F(OcfAluaTest, StartWaitsForTheReadyMarkThenStarts) {
  ASSERT_EQ(start_with_ready_mark_written_later(root / "lio-ready", "done\n",
                                                [this](auto env) { return run("start", env); }),
            kSuccess)
      << last_err;
  EXPECT_EQ(state(), "1\n");
  EXPECT_EQ(last_err.find("no ready mark"), std::string::npos) << last_err;
}

TEST_F(OcfAluaTest, StartWithoutTheMarkGivesUpWaitingAndStartsOnWhatIsThere) {
  fs::remove(root / "lio-ready");
  ASSERT_EQ(run("start", {{"OCF_RESKEY_setup_wait_s", "1"}}), kSuccess) << last_err;
  EXPECT_NE(last_err.find("no ready mark"), std::string::npos) << last_err;
  EXPECT_EQ(state(), "1\n");
  EXPECT_EQ(run("start", {{"OCF_RESKEY_setup_wait_s", "soon"}}), kConfigured);
}

TEST_F(OcfAluaTest, StartSetsNonOptimizedImplicitOnlyAndUnpromotedScore) {
  ASSERT_EQ(run("start"), kSuccess) << last_err;
  EXPECT_EQ(state(), "1\n");
  EXPECT_EQ(type(), "1\n") << "implicit only: no initiator STPG can make it optimized";
  EXPECT_EQ(role(), "unpromoted\n");
  EXPECT_EQ(crm_log(), "--promotion -v 5 -q\n");
  EXPECT_EQ(run("monitor"), kSuccess);
  ASSERT_EQ(run("stop"), kSuccess) << last_err;
  ASSERT_EQ(run("start", {{"OCF_RESKEY_explicit", "true"}}), kSuccess) << last_err;
  EXPECT_EQ(type(), "3\n") << "explicit=true: implicit and explicit";
}

TEST_F(OcfAluaTest, StartWithoutTheGroupIsNotInstalled) {
  fs::remove_all(group);
  EXPECT_EQ(run("start"), kInstalled);
  EXPECT_FALSE(fs::exists(root / "crm.log"));
}

TEST_F(OcfAluaTest, PromoteMakesActiveOptimizedAndMonitorSaysPromoted) {
  ASSERT_EQ(run("start"), kSuccess);
  ASSERT_EQ(run("promote"), kSuccess) << last_err;
  EXPECT_EQ(state(), "0\n");
  EXPECT_EQ(role(), "promoted\n");
  EXPECT_EQ(crm_log(), "--promotion -v 5 -q\n--promotion -v 10 -q\n");
  EXPECT_EQ(run("monitor"), kPromoted);
}

TEST_F(OcfAluaTest, DemoteReturnsToNonOptimized) {
  ASSERT_EQ(run("start"), kSuccess);
  ASSERT_EQ(run("promote"), kSuccess);
  ASSERT_EQ(run("demote"), kSuccess) << last_err;
  EXPECT_EQ(state(), "1\n");
  EXPECT_EQ(role(), "unpromoted\n");
  EXPECT_EQ(run("monitor"), kSuccess);
}

TEST_F(OcfAluaTest, PromoteOfAStoppedInstanceFails) {
  EXPECT_EQ(run("promote"), kGeneric);
  EXPECT_EQ(state(), "3\n");
}

TEST_F(OcfAluaTest, StopMakesUnavailableImplicitOnlyAndDropsScore) {
  ASSERT_EQ(run("start"), kSuccess);
  ASSERT_EQ(run("promote"), kSuccess);
  ASSERT_EQ(run("stop"), kSuccess) << last_err;
  EXPECT_EQ(state(), "3\n");
  EXPECT_EQ(type(), "1\n");
  EXPECT_FALSE(fs::exists(root / "rsctmp/harness-alua-tpg_n1.role"));
  EXPECT_NE(crm_log().find("--promotion -D -q\n"), std::string::npos);
  EXPECT_EQ(run("monitor"), kNotRunning);
}

TEST_F(OcfAluaTest, StopWithoutTheGroupSucceeds) {
  fs::remove_all(group);
  EXPECT_EQ(run("stop"), kSuccess);
}

TEST_F(OcfAluaTest, StopSucceedsEvenIfTheScoreCannotBeDeleted) {
  ASSERT_EQ(run("start"), kSuccess);
  EXPECT_EQ(run("stop", {{"CRM_FAIL", "1"}}), kSuccess);
  EXPECT_EQ(state(), "3\n");
}

TEST_F(OcfAluaTest, StartFailsWhenTheScoreCannotBeSet) {
  EXPECT_EQ(run("start", {{"CRM_FAIL", "1"}}), kGeneric);
}

TEST_F(OcfAluaTest, StartFailsWhenConfigfsRejectsTheWrite) {
  // A directory where the attribute should be: the write fails like a rejected configfs write.
  fs::remove(group / "alua_access_state");
  fs::create_directory(group / "alua_access_state");
  EXPECT_EQ(run("start"), kGeneric);
}

TEST_F(OcfAluaTest, InitiatorDrivenOptimizedStateIsReportedAsUnpromoted) {
  ASSERT_EQ(run("start"), kSuccess);
  write(group / "alua_access_state", "0\n");  // the initiator's STPG
  EXPECT_EQ(run("monitor"), kSuccess);
}

TEST_F(OcfAluaTest, UnexpectedStatesAreFailures) {
  ASSERT_EQ(run("start"), kSuccess);
  for (const char* s : {"2\n", "15\n", "14\n", "garbage\n"}) {
    write(group / "alua_access_state", s);
    EXPECT_EQ(run("monitor"), kGeneric) << s;
  }
}

TEST_F(OcfAluaTest, NotifySucceeds) { EXPECT_EQ(run("notify"), kSuccess); }

TEST_F(OcfAluaTest, ValidateAllChecksParametersAndBackstore) {
  EXPECT_EQ(run("validate-all"), kSuccess);
  EXPECT_EQ(run("validate-all", {{"OCF_RESKEY_tg_pt_gp", ""}}), kConfigured);
  EXPECT_EQ(run("validate-all", {{"OCF_RESKEY_tg_pt_gp", "../x"}}), kConfigured);
  EXPECT_EQ(run("validate-all", {{"OCF_RESKEY_device", "drbd0"}}), kConfigured);
  EXPECT_EQ(run("validate-all", {{"OCF_RESKEY_device", "iblock_0/../x"}}), kConfigured);
  EXPECT_EQ(run("validate-all", {{"OCF_RESKEY_device", "iblock_1/drbd0"}}), kInstalled);
}

TEST_F(OcfAluaTest, ActionsNeedValidParameters) {
  EXPECT_EQ(run("start", {{"OCF_RESKEY_tg_pt_gp", "a b"}}), kConfigured);
  EXPECT_EQ(state(), "3\n");
}

TEST_F(OcfAluaTest, MetaDataIsXmlNamingBothParameters) {
  ASSERT_EQ(run("meta-data", {{"OCF_RESKEY_tg_pt_gp", ""}}), kSuccess);
  EXPECT_NE(last_out.find("<resource-agent name=\"alua\""), std::string::npos);
  EXPECT_NE(last_out.find("<parameter name=\"tg_pt_gp\""), std::string::npos);
  EXPECT_NE(last_out.find("<parameter name=\"device\""), std::string::npos);
  EXPECT_NE(last_out.find("name=\"promote\""), std::string::npos);
}

TEST_F(OcfAluaTest, UnknownActionIsUnimplementedAndNoneIsAnArgumentError) {
  EXPECT_EQ(run("migrate_to"), kUnimplemented);
  EXPECT_EQ(run(""), kArgs);
}

}  // namespace
}  // namespace harness
