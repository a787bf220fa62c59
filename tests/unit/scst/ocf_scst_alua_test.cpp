// Runs the real OCF agent (drivers/scst/ocf/harness-scst-alua) with /bin/sh against a fake SCST
// sysfs tree in a temp dir (its sysfs_root parameter), with a stub crm_attribute first on PATH
// that records its arguments, and checks exit codes, the states written to both target groups
// and the promotion scores. The fake state files hold what SCST's show function prints
// ("<state>\n[key]\n"), so an agent that compared the whole file would fail here.
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>
#include <pugixml.hpp>

#include "tests/unit/ocf_agent_support.hpp"
#include "harness/core/clock.hpp"
#include "harness/core/deadline.hpp"

namespace harness {
namespace {

namespace fs = std::filesystem;

using namespace harness::test;  // OCF exit codes, slurp, write, run_agent

class OcfScstAluaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/harness-ocf-scst-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    root = tmpl;
    sysfs = root / "scst_tgt";
    dg = sysfs / "device_groups/dg_drbd0";
    // As scst.conf leaves them (drivers/scst/scst_config.cpp): both groups offline.
    for (const char* tg : {"tg_n1", "tg_n2"}) {
      fs::create_directories(dg / "target_groups" / tg);
      set_state(tg, "offline");
    }
    write(dg / "target_groups/tg_n1/group_id", "1\n[key]\n");
    write(dg / "target_groups/tg_n2/group_id", "2\n[key]\n");
    write(root / "scst-ready", "tg_n1\n");  // scst-setup finished
    fs::create_directories(root / "bin");
    // The stub appends its arguments to a log; CRM_FAIL=1 makes it fail.
    write(root / "bin/crm_attribute",
          "#!/bin/sh\necho \"$*\" >> \"$CRM_LOG\"\n[ \"${CRM_FAIL:-0}\" = 1 ] && exit 1\nexit 0\n");
    fs::permissions(root / "bin/crm_attribute", fs::perms::owner_all);
  }
  void TearDown() override { fs::remove_all(root); }

  int run(const std::string& action, std::map<std::string, std::string> env = {}) {
    std::map<std::string, std::string> e = {
        {"HA_RSCTMP", (root / "rsctmp").string()},
        {"HARNESS_SCST_WRITE_WAIT_S", "0"},
        {"HARNESS_SCST_READY", (root / "scst-ready").string()},
        {"PATH", (root / "bin").string() + ":/usr/bin:/bin"},
        {"CRM_LOG", (root / "crm.log").string()},
        {"OCF_RESOURCE_INSTANCE", "scst-alua:0"},
        {"OCF_RESKEY_CRM_meta_on_node", "n1"},
        {"OCF_RESKEY_sysfs_root", sysfs.string()},
        {"OCF_RESKEY_device_group", "dg_drbd0"},
        {"OCF_RESKEY_local_tgt_grp", "tg_n1"},
        {"OCF_RESKEY_remote_tgt_grp", "tg_n2"},
    };
    for (auto& [k, v] : env) e[k] = v;
    auto r = run_agent(*clock, agent, action, e);
    last_out = r.out;
    last_err = r.err;
    return r.exit_status;
  }
  // What SCST's scst_tg_state_show prints.
  void set_state(const std::string& tg, const std::string& s) {
    write(dg / "target_groups" / tg / "state", s + "\n[key]\n");
  }
  // The agent writes "<state>\n" over the file; the first line is the state either way.
  std::string state(const std::string& tg) {
    std::ifstream in(dg / "target_groups" / tg / "state");
    std::string line;
    std::getline(in, line);
    return line;
  }
  std::string local() { return state("tg_n1"); }
  std::string remote() { return state("tg_n2"); }
  std::string crm_log() { return slurp(root / "crm.log"); }
  std::map<std::string, std::string> post(const std::string& op, const std::string& nodes) {
    return {{"OCF_RESKEY_CRM_meta_notify_type", "post"},
            {"OCF_RESKEY_CRM_meta_notify_operation", op},
            {"OCF_RESKEY_CRM_meta_notify_" + op + "_uname", nodes}};
  }

  std::unique_ptr<Clock> clock = make_system_clock();
  std::string agent = std::string(HARNESS_SOURCE_DIR) + "/drivers/scst/ocf/harness-scst-alua";
  fs::path root, sysfs, dg;
  std::string last_out, last_err;
};

TEST_F(OcfScstAluaTest, MonitorOfTheConfiguredOfflineGroupIsNotRunning) {
  EXPECT_EQ(run("monitor"), kNotRunning);
}

TEST_F(OcfScstAluaTest, MonitorWithoutTheDeviceGroupIsNotRunning) {
  fs::remove_all(dg);
  EXPECT_EQ(run("monitor"), kNotRunning);
}

TEST_F(OcfScstAluaTest, MonitorReadsTheRoleFromTheLocalGroupsFirstLine) {
  set_state("tg_n1", "active");
  EXPECT_EQ(run("monitor"), kPromoted);
  set_state("tg_n1", "nonoptimized");
  EXPECT_EQ(run("monitor"), kSuccess);
  set_state("tg_n1", "offline");
  EXPECT_EQ(run("monitor"), kNotRunning);
  // The remote group says nothing about this node's role.
  set_state("tg_n1", "nonoptimized");
  set_state("tg_n2", "active");
  EXPECT_EQ(run("monitor"), kSuccess);
}

TEST_F(OcfScstAluaTest, MonitorFollowsConfiguredStates) {
  std::map<std::string, std::string> standby = {{"OCF_RESKEY_m_alua_state", "nonoptimized"},
                                                {"OCF_RESKEY_s_alua_state", "standby"}};
  set_state("tg_n1", "nonoptimized");
  EXPECT_EQ(run("monitor", standby), kPromoted);
  set_state("tg_n1", "standby");
  EXPECT_EQ(run("monitor", standby), kSuccess);
  set_state("tg_n1", "active");
  EXPECT_EQ(run("monitor", standby), kGeneric) << "active is neither role here";
}

TEST_F(OcfScstAluaTest, WithoutScstSetupsReadyMarkTheGroupIsNotRunningWhateverItsState) {
  ASSERT_EQ(run("start"), kSuccess);
  ASSERT_EQ(run("promote"), kSuccess);
  fs::remove(root / "scst-ready");  // scst-setup running again: it clears the configuration
  EXPECT_EQ(run("monitor"), kNotRunning);
  EXPECT_EQ(run("demote"), kGeneric) << "not running";
}

TEST_F(OcfScstAluaTest, StartWaitsForTheReadyMarkThenStarts) {
  ASSERT_EQ(start_with_ready_mark_written_later(root / "scst-ready", "tg_n1\n",
                                                [this](auto env) { return run("start", env); }),
            kSuccess)
      << last_err;
  EXPECT_EQ(local(), "nonoptimized");
  EXPECT_EQ(last_err.find("no ready mark"), std::string::npos) << last_err;
}

TEST_F(OcfScstAluaTest, StartWithoutTheMarkGivesUpWaitingAndStartsOnWhatIsThere) {
  fs::remove(root / "scst-ready");
  ASSERT_EQ(run("start", {{"OCF_RESKEY_setup_wait_s", "1"}}), kSuccess) << last_err;
  EXPECT_NE(last_err.find("no ready mark"), std::string::npos) << last_err;
  EXPECT_EQ(local(), "nonoptimized");
  EXPECT_EQ(run("start", {{"OCF_RESKEY_setup_wait_s", "soon"}}), kConfigured);
}

TEST_F(OcfScstAluaTest, UnexpectedStatesAreFailures) {
  for (const char* s : {"transitioning", "unavailable", "standby", "???"}) {
    set_state("tg_n1", s);
    EXPECT_EQ(run("monitor"), kGeneric) << s;
  }
  write(dg / "target_groups/tg_n1/state", "");
  EXPECT_EQ(run("monitor"), kGeneric) << "empty";
}

TEST_F(OcfScstAluaTest, StartMakesBothGroupsNonOptimizedAndSetsTheUnpromotedScore) {
  ASSERT_EQ(run("start"), kSuccess) << last_err;
  EXPECT_EQ(local(), "nonoptimized");
  EXPECT_EQ(remote(), "nonoptimized") << "no offline peer group to block the peer's paths";
  EXPECT_EQ(crm_log(), "--promotion -v 5 -q\n");
  EXPECT_EQ(run("monitor"), kSuccess);
}

TEST_F(OcfScstAluaTest, StartWithoutTheDeviceGroupIsNotInstalled) {
  fs::remove_all(dg);
  EXPECT_EQ(run("start"), kInstalled);
  EXPECT_FALSE(fs::exists(root / "crm.log"));
}

TEST_F(OcfScstAluaTest, StartWithoutTheRemoteGroupIsNotInstalled) {
  fs::remove_all(dg / "target_groups/tg_n2");
  EXPECT_EQ(run("start"), kInstalled);
  EXPECT_EQ(local(), "offline");
}

TEST_F(OcfScstAluaTest, PromoteMakesLocalActiveRemoteNonOptimized) {
  ASSERT_EQ(run("start"), kSuccess);
  set_state("tg_n2", "active");  // what a notify wrote while the peer was promoted
  ASSERT_EQ(run("promote"), kSuccess) << last_err;
  EXPECT_EQ(local(), "active");
  EXPECT_EQ(remote(), "nonoptimized") << "promoted-max=1: the peer is at most unpromoted";
  EXPECT_EQ(crm_log(), "--promotion -v 5 -q\n--promotion -v 10 -q\n");
  EXPECT_EQ(run("monitor"), kPromoted);
}

TEST_F(OcfScstAluaTest, PromoteAndDemoteWriteTheConfiguredStates) {
  std::map<std::string, std::string> standby = {{"OCF_RESKEY_m_alua_state", "nonoptimized"},
                                                {"OCF_RESKEY_s_alua_state", "standby"}};
  ASSERT_EQ(run("start", standby), kSuccess) << last_err;
  EXPECT_EQ(local(), "standby");
  ASSERT_EQ(run("promote", standby), kSuccess) << last_err;
  EXPECT_EQ(local(), "nonoptimized");
  EXPECT_EQ(remote(), "standby");
  ASSERT_EQ(run("demote", standby), kSuccess) << last_err;
  EXPECT_EQ(local(), "standby");
}

TEST_F(OcfScstAluaTest, DemoteReturnsToNonOptimized) {
  ASSERT_EQ(run("start"), kSuccess);
  ASSERT_EQ(run("promote"), kSuccess);
  ASSERT_EQ(run("demote"), kSuccess) << last_err;
  EXPECT_EQ(local(), "nonoptimized");
  EXPECT_EQ(remote(), "nonoptimized");
  EXPECT_EQ(run("monitor"), kSuccess);
  EXPECT_EQ(crm_log(), "--promotion -v 5 -q\n--promotion -v 10 -q\n--promotion -v 5 -q\n");
}

TEST_F(OcfScstAluaTest, PromoteOfAStoppedInstanceFails) {
  EXPECT_EQ(run("promote"), kGeneric);
  EXPECT_EQ(local(), "offline");
}

TEST_F(OcfScstAluaTest, StopMakesTheLocalGroupOfflineAndDropsTheScore) {
  ASSERT_EQ(run("start"), kSuccess);
  ASSERT_EQ(run("promote"), kSuccess);
  ASSERT_EQ(run("stop"), kSuccess) << last_err;
  EXPECT_EQ(local(), "offline");
  EXPECT_EQ(remote(), "nonoptimized") << "the peer is not stopped by this node's stop";
  EXPECT_NE(crm_log().find("--promotion -D -q\n"), std::string::npos);
  EXPECT_EQ(run("monitor"), kNotRunning);
}

TEST_F(OcfScstAluaTest, StopWithoutTheDeviceGroupSucceeds) {
  fs::remove_all(dg);
  EXPECT_EQ(run("stop"), kSuccess);
}

TEST_F(OcfScstAluaTest, StopSucceedsEvenIfTheScoreCannotBeDeleted) {
  ASSERT_EQ(run("start"), kSuccess);
  EXPECT_EQ(run("stop", {{"CRM_FAIL", "1"}}), kSuccess);
  EXPECT_EQ(local(), "offline");
}

TEST_F(OcfScstAluaTest, StartFailsWhenTheScoreCannotBeSet) {
  EXPECT_EQ(run("start", {{"CRM_FAIL", "1"}}), kGeneric);
}

TEST_F(OcfScstAluaTest, AWriteSysfsRejectsIsAFailure) {
  // A directory where the attribute should be: the write fails like a rejected sysfs write,
  // and no state can be read back.
  fs::remove(dg / "target_groups/tg_n1/state");
  fs::create_directory(dg / "target_groups/tg_n1/state");
  EXPECT_EQ(run("start"), kGeneric);
  EXPECT_NE(last_err.find("cannot set"), std::string::npos) << last_err;
}

TEST_F(OcfScstAluaTest, NotifyReportsThePeersGroupAsThePeerReportsItself) {
  ASSERT_EQ(run("start"), kSuccess);
  ASSERT_EQ(run("notify", post("promote", "n2")), kSuccess) << last_err;
  EXPECT_EQ(remote(), "active");
  EXPECT_EQ(local(), "nonoptimized");
  ASSERT_EQ(run("notify", post("demote", "n2")), kSuccess) << last_err;
  EXPECT_EQ(remote(), "nonoptimized");
  ASSERT_EQ(run("notify", post("stop", "n2")), kSuccess) << last_err;
  EXPECT_EQ(remote(), "offline");
  ASSERT_EQ(run("notify", post("start", "n2")), kSuccess) << last_err;
  EXPECT_EQ(remote(), "nonoptimized");
}

// Seen in the lab (node-kill-active with SCST): n1 rejoined after its fencing while n2 was
// promoted; its start wrote tg_n2 "nonoptimized", so n1's RTPG answers contradicted n2's and
// the initiator saw no active/optimized group. The post-start notification of its own start
// carries the promoted list.
TEST_F(OcfScstAluaTest, AfterItsOwnStartANodeReportsAnAlreadyPromotedPeerAsActive) {
  ASSERT_EQ(run("start"), kSuccess);
  EXPECT_EQ(remote(), "nonoptimized");
  auto own = post("start", "n1");
  own["OCF_RESKEY_CRM_meta_notify_promoted_uname"] = "n2";
  ASSERT_EQ(run("notify", own), kSuccess) << last_err;
  EXPECT_EQ(remote(), "active");
  EXPECT_EQ(local(), "nonoptimized");
  // Pacemaker before 2.1 names the list master.
  set_state("tg_n2", "nonoptimized");
  auto old = post("start", "n1");
  old["OCF_RESKEY_CRM_meta_notify_master_uname"] = "n2";
  ASSERT_EQ(run("notify", old), kSuccess) << last_err;
  EXPECT_EQ(remote(), "active");
  // Nobody promoted yet (both starting at deploy): the peer stays non-optimized.
  set_state("tg_n2", "nonoptimized");
  ASSERT_EQ(run("notify", post("start", "n1 n2")), kSuccess) << last_err;
  EXPECT_EQ(remote(), "nonoptimized");
}

TEST_F(OcfScstAluaTest, NotifyIgnoresThisNodesOwnActionsPreNotificationsAndAStoppedInstance) {
  ASSERT_EQ(run("start"), kSuccess);
  ASSERT_EQ(run("notify", post("promote", "n1")), kSuccess);
  EXPECT_EQ(remote(), "nonoptimized") << "this node's own promotion is not the peer's";
  auto pre = post("promote", "n2");
  pre["OCF_RESKEY_CRM_meta_notify_type"] = "pre";
  ASSERT_EQ(run("notify", pre), kSuccess);
  EXPECT_EQ(remote(), "nonoptimized") << "before the promotion the peer is not promoted yet";
  ASSERT_EQ(run("stop"), kSuccess);
  ASSERT_EQ(run("notify", post("promote", "n2")), kSuccess);
  EXPECT_EQ(remote(), "nonoptimized") << "a stopped instance writes nothing";
}

TEST_F(OcfScstAluaTest, AluaNoKeepsOnlyTheRoleAndTheScores) {
  std::map<std::string, std::string> no = {{"OCF_RESKEY_alua", "no"},
                                           {"OCF_RESKEY_device_group", ""},
                                           {"OCF_RESKEY_local_tgt_grp", ""},
                                           {"OCF_RESKEY_remote_tgt_grp", ""}};
  EXPECT_EQ(run("monitor", no), kNotRunning);
  ASSERT_EQ(run("start", no), kSuccess) << last_err;
  EXPECT_EQ(run("monitor", no), kSuccess);
  ASSERT_EQ(run("promote", no), kSuccess) << last_err;
  EXPECT_EQ(run("monitor", no), kPromoted);
  EXPECT_EQ(local(), "offline") << "alua=no writes no state";
  EXPECT_EQ(remote(), "offline");
  EXPECT_EQ(run("validate-all", no), kSuccess);
  ASSERT_EQ(run("stop", no), kSuccess);
  EXPECT_EQ(run("monitor", no), kNotRunning);
}

TEST_F(OcfScstAluaTest, NotifySucceedsWithoutNotifyVariables) { EXPECT_EQ(run("notify"), kSuccess); }

TEST_F(OcfScstAluaTest, ValidateAllChecksTheDeviceGroupAndBothTargetGroups) {
  EXPECT_EQ(run("validate-all"), kSuccess) << last_err;
  EXPECT_EQ(run("validate-all", {{"OCF_RESKEY_device_group", "dg_drbd1"}}), kInstalled);
  EXPECT_NE(last_err.find("device group"), std::string::npos) << last_err;
  EXPECT_EQ(run("validate-all", {{"OCF_RESKEY_remote_tgt_grp", "tg_n3"}}), kInstalled);
  fs::remove_all(dg);
  EXPECT_EQ(run("validate-all"), kInstalled);
}

TEST_F(OcfScstAluaTest, BadParametersAreConfigurationErrors) {
  const std::map<std::string, std::string> bad[] = {
      {{"OCF_RESKEY_alua", "maybe"}},
      {{"OCF_RESKEY_device_group", ""}},
      {{"OCF_RESKEY_device_group", "../dg_drbd0"}},
      {{"OCF_RESKEY_local_tgt_grp", "tg n1"}},
      {{"OCF_RESKEY_remote_tgt_grp", ""}},
      {{"OCF_RESKEY_remote_tgt_grp", "tg_n1"}},  // the same group twice
      {{"OCF_RESKEY_m_alua_state", "standby"}},  // promoted must serve I/O
      {{"OCF_RESKEY_m_alua_state", "optimized"}},
      {{"OCF_RESKEY_s_alua_state", "offline"}},  // that is stopped
      {{"OCF_RESKEY_s_alua_state", "transitioning"}},
      {{"OCF_RESKEY_m_alua_state", "nonoptimized"}},  // the same as s_alua_state
      {{"OCF_RESKEY_sysfs_root", "scst_tgt"}},
      {{"HARNESS_SCST_WRITE_WAIT_S", "soon"}},
      {{"OCF_RESKEY_setup_wait_s", "-1"}},
  };
  for (const auto& env : bad) {
    EXPECT_EQ(run("validate-all", env), kConfigured) << env.begin()->first << "=" << env.begin()->second;
    EXPECT_EQ(run("start", env), kConfigured) << env.begin()->first;
  }
  EXPECT_EQ(local(), "offline");
  EXPECT_EQ(remote(), "offline");
  EXPECT_FALSE(fs::exists(root / "crm.log"));
}

TEST_F(OcfScstAluaTest, MetaDataIsXmlListingEveryParameterAndAction) {
  ASSERT_EQ(run("meta-data", {{"OCF_RESKEY_device_group", ""}}), kSuccess);
  pugi::xml_document doc;
  auto parsed = doc.load_string(last_out.c_str());
  ASSERT_TRUE(parsed) << parsed.description();
  auto ra = doc.child("resource-agent");
  EXPECT_STREQ(ra.attribute("name").value(), "scst-alua");
  std::set<std::string> params;
  for (auto p : ra.child("parameters").children("parameter")) params.insert(p.attribute("name").value());
  EXPECT_EQ(params, (std::set<std::string>{"alua", "device_group", "local_tgt_grp",
                                           "remote_tgt_grp", "m_alua_state", "s_alua_state",
                                           "setup_wait_s", "sysfs_root"}));
  auto defaults = [&](const char* name) {
    return std::string(ra.child("parameters")
                           .find_child_by_attribute("parameter", "name", name)
                           .child("content")
                           .attribute("default")
                           .value());
  };
  EXPECT_EQ(defaults("m_alua_state"), "active");
  EXPECT_EQ(defaults("s_alua_state"), "nonoptimized");
  EXPECT_EQ(defaults("sysfs_root"), "/sys/kernel/scst_tgt");
  EXPECT_EQ(defaults("setup_wait_s"), "20");
  std::set<std::string> actions;
  for (auto a : ra.child("actions").children("action")) actions.insert(a.attribute("name").value());
  EXPECT_EQ(actions, (std::set<std::string>{"start", "stop", "promote", "demote", "notify",
                                            "monitor", "validate-all", "meta-data"}));
}

TEST_F(OcfScstAluaTest, UnknownActionIsUnimplementedAndNoneIsAnArgumentError) {
  EXPECT_EQ(run("migrate_to"), kUnimplemented);
  EXPECT_EQ(run(""), kArgs);
}

}  // namespace
}  // namespace harness
