// LIO setup commands: modules, then one lio-setup run with the same serial on both nodes,
// portals on both fabrics, relative port id and ALUA group id = nodeid; no argv element a shell
// or targetcli would split. The helper's own steps are tested in lio_setup_test.cpp.
#include "drivers/lio/lio_driver.hpp"

#include <algorithm>

#include <gtest/gtest.h>

#include "harness/core/errors.hpp"
#include "tests/unit/deploy_fixture.hpp"

namespace harness {
namespace {

class LioDriverTest : public ::testing::Test {
 protected:
  DeployTopology topo = deploy_fixture::lab_topology();
  LioTargetDriver lio;

  // Index of the first command whose argv contains all of `words`; -1 if none.
  static int find(const std::vector<PlannedCommand>& c, const std::vector<std::string>& words,
                  int from = 0) {
    for (int i = from; i < static_cast<int>(c.size()); ++i) {
      bool all = std::all_of(words.begin(), words.end(), [&](const std::string& w) {
        return std::find(c[i].argv.begin(), c[i].argv.end(), w) != c[i].argv.end();
      });
      if (all) return i;
    }
    return -1;
  }
  std::string group(const std::string& node) {
    return "/sys/kernel/config/target/core/iblock_0/drbd0/alua/tpg_" + node;
  }
};

// The argument that follows `flag` in the lio-setup command; "" if absent.
std::string arg(const std::vector<PlannedCommand>& c, const std::string& flag, int nth = 0) {
  for (const auto& cmd : c) {
    if (cmd.argv.empty() || cmd.argv[0] != kLioSetupPath) continue;
    for (std::size_t i = 1; i + 1 < cmd.argv.size(); ++i)
      if (cmd.argv[i] == flag && nth-- == 0) return cmd.argv[i + 1];
  }
  return "";
}

TEST_F(LioDriverTest, ModulesThenOneSetupRun) {
  for (const char* node : {"n1", "n2"}) {
    auto c = lio.setup_commands(topo, node);
    ASSERT_EQ(c.size(), 2u) << node;
    EXPECT_EQ(c[0].argv, (Argv{"modprobe", "-a", "target_core_mod", "target_core_iblock",
                               "iscsi_target_mod"}));
    EXPECT_EQ(c[1].argv.front(), kLioSetupPath);
    EXPECT_FALSE(c[1].may_fail);
  }
}

TEST_F(LioDriverTest, BackstoreOnDrbdWithTheSameSerialOnBothNodes) {
  for (const char* node : {"n1", "n2"}) {
    auto c = lio.setup_commands(topo, node);
    EXPECT_EQ(arg(c, "--device"), "/dev/drbd0") << node;
    EXPECT_EQ(arg(c, "--backstore"), "drbd0") << node;
    EXPECT_EQ(arg(c, "--serial"), topo.lun_serial) << node;
  }
}

TEST_F(LioDriverTest, TargetPortalsOnBothFabricsAndAclForTheInitiator) {
  auto c = lio.setup_commands(topo, "n2");
  EXPECT_EQ(arg(c, "--target"), "iqn.2003-01.org.example.harness:n2");
  EXPECT_EQ(arg(c, "--initiator"), "iqn.2003-01.org.example.harness:initiator");
  EXPECT_EQ(arg(c, "--portal", 0), "10.213.3.12:3260");
  EXPECT_EQ(arg(c, "--portal", 1), "10.213.4.12:3260");
  EXPECT_EQ(arg(c, "--portal", 2), "");
}

TEST_F(LioDriverTest, PortIdAndAluaGroupIdAreTheNodeId) {
  for (const auto& n : topo.targets) {
    auto c = lio.setup_commands(topo, n.name);
    EXPECT_EQ(arg(c, "--port-id"), std::to_string(n.nodeid)) << n.name;
    EXPECT_EQ(arg(c, "--alua-group-id"), std::to_string(n.nodeid)) << n.name;
    EXPECT_EQ(arg(c, "--alua-group"), "tpg_" + n.name);
  }
  EXPECT_NE(arg(lio.setup_commands(topo, "n1"), "--port-id"),
            arg(lio.setup_commands(topo, "n2"), "--port-id"));
}

TEST_F(LioDriverTest, TransitionDelayReachesLioSetup) {
  EXPECT_EQ(arg(lio.setup_commands(topo, "n1"), "--transition-delay-ms"), "0");
  TargetOptions o;
  o.alua_transition_delay_ms = 3000;
  auto d = make_target_driver(o);
  EXPECT_EQ(arg(d->setup_commands(topo, "n2"), "--transition-delay-ms"), "3000");
  o.alua_transition_delay_ms = 60001;
  EXPECT_THROW(make_target_driver(o), ScenarioError);
}

TEST_F(LioDriverTest, NoArgvElementASplitterCouldBreak) {
  for (const char* node : {"n1", "n2"}) {
    std::vector<PlannedCommand> all = lio.setup_commands(topo, node);
    for (auto& c : lio.teardown_commands(topo, node)) all.push_back(c);
    for (auto& c : lio.set_alua_state(topo, node, AluaState::standby)) all.push_back(c);
    for (const auto& c : all)
      for (const auto& a : c.argv) EXPECT_FALSE(has_shell_metachar(a)) << node << ": " << a;
  }
}

TEST_F(LioDriverTest, TeardownMayFailOnAFreshNode) {
  auto c = lio.teardown_commands(topo, "n1");
  ASSERT_FALSE(c.empty());
  for (const auto& t : c) EXPECT_TRUE(t.may_fail) << t.why;
  EXPECT_LT(find(c, {"/iscsi", "delete"}), find(c, {"rmdir", group("n1")}));
  EXPECT_LT(find(c, {"rmdir", group("n1")}), find(c, {"/backstores/block", "delete", "drbd0"}));
}

TEST_F(LioDriverTest, SetAluaStateWritesTheSpcNumber) {
  auto c = lio.set_alua_state(topo, "n2", AluaState::active_optimized);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].argv, (Argv{kConfigfsSetPath, group("n2") + "/alua_access_state", "0"}));
  EXPECT_EQ(lio.set_alua_state(topo, "n1", AluaState::transitioning)[0].argv.back(), "15");
  EXPECT_THROW(lio.set_alua_state(topo, "initiator", AluaState::standby), LabError);
}

TEST_F(LioDriverTest, ClusterAgentAndShippedFiles) {
  auto a = lio.cluster_agent(topo);
  EXPECT_EQ(a.ocf_provider, "harness");
  EXPECT_EQ(a.ocf_type, "alua");
  EXPECT_EQ(a.params_by_node.at("n2").at("tg_pt_gp"), "tpg_n2");
  EXPECT_EQ(a.params_by_node.at("n1").at("device"), "iblock_0/drbd0");
  auto files = lio.files(topo);
  ASSERT_EQ(files.size(), 3u);
  for (const auto& f : files) EXPECT_EQ(f.mode, 0755) << f.path;
  EXPECT_EQ(files[0].content.rfind("#!/bin/sh\n", 0), 0u);
  EXPECT_EQ(files[1].path, kLioSetupPath);
  EXPECT_EQ(files[1].content.rfind("#!/usr/bin/python3\n", 0), 0u);
  EXPECT_EQ(files[2].path, "/usr/lib/ocf/resource.d/harness/alua");
  EXPECT_EQ(files[2].content.rfind("#!/bin/sh\n", 0), 0u);
}

TEST(TargetDriverFactory, LioAndScstOthersAreRefused) {
  EXPECT_EQ(make_target_driver(TargetOptions{"lio"})->name(), "lio");
  EXPECT_EQ(make_target_driver(TargetOptions{"scst"})->name(), "scst");
  try {
    make_target_driver(TargetOptions{"tgt"});
    FAIL() << "no exception";
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("\"lio\" or \"scst\""), std::string::npos) << e.what();
  }
}

// The state read that health, settle, roles and the take-out use: configfs's SPC number, as
// alua_state_of always read it.
TEST_F(LioDriverTest, AluaStateIsReadFromConfigfsAsTheSpcNumber) {
  EXPECT_EQ(lio.alua_state_argv(topo, "n2"), (Argv{"cat", group("n2") + "/alua_access_state"}));
  EXPECT_EQ(lio.parse_alua_state("0\n"), AluaState::active_optimized);
  EXPECT_EQ(lio.parse_alua_state(" 14\n"), AluaState::offline);
  EXPECT_EQ(lio.parse_alua_state("3"), AluaState::unavailable);
  EXPECT_EQ(lio.parse_alua_state(""), std::nullopt);
  EXPECT_EQ(lio.parse_alua_state("active\n"), std::nullopt);
  EXPECT_EQ(lio.stopped_state(), AluaState::unavailable);
  EXPECT_EQ(lio.scsi_vendor(), "LIO-ORG");
  EXPECT_TRUE(lio.node_files(topo, "n1").empty());
  auto logs = lio.log_commands(topo);
  ASSERT_EQ(logs.size(), 1u);
  EXPECT_EQ(logs[0].first, "lio.txt");
  EXPECT_EQ(logs[0].second, (Argv{"targetcli", "ls"}));
}

TEST(AluaStateNames, RoundTripAndSpcValues) {
  for (AluaState s : {AluaState::active_optimized, AluaState::active_nonoptimized,
                      AluaState::standby, AluaState::unavailable, AluaState::offline,
                      AluaState::transitioning})
    EXPECT_EQ(alua_state_from_string(to_string(s)), s);
  EXPECT_EQ(to_string(AluaState::active_nonoptimized), "active/non-optimized");
  EXPECT_EQ(static_cast<int>(AluaState::transitioning), 15);
  EXPECT_THROW(alua_state_from_string("active"), LabError);
}

}  // namespace
}  // namespace harness
