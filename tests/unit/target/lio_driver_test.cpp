// LIO setup commands: the same serial on both nodes, portals on both fabrics, the relink that
// gives the second node relative port id 2, the ALUA group made and joined in a valid order,
// left in the agent's "stopped" state; no argv element a shell or targetcli would split.
#include "drivers/target/lio_driver.hpp"

#include <algorithm>

#include <gtest/gtest.h>

#include "harness/errors.hpp"
#include "tests/unit/cluster/deploy_fixture.hpp"

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
  static int count(const std::vector<PlannedCommand>& c, const std::vector<std::string>& words) {
    int n = 0;
    for (int i = find(c, words); i >= 0; i = find(c, words, i + 1)) ++n;
    return n;
  }
  std::string group(const std::string& node) {
    return "/sys/kernel/config/target/core/iblock_0/drbd0/alua/tpg_" + node;
  }
};

TEST_F(LioDriverTest, BackstoreOnDrbdWithTheSameSerialOnBothNodes) {
  for (const char* node : {"n1", "n2"}) {
    auto c = lio.setup_commands(topo, node);
    EXPECT_GE(find(c, {"targetcli", "/backstores/block", "create", "name=drbd0", "dev=/dev/drbd0",
                       "wwn=" + topo.lun_serial}),
              0)
        << node;
    EXPECT_LT(find(c, {"targetcli", "clearconfig", "confirm=True"}),
              find(c, {"/backstores/block", "create"}));
  }
}

TEST_F(LioDriverTest, TargetPortalsOnBothFabricsAndAclForTheInitiator) {
  auto c = lio.setup_commands(topo, "n2");
  const std::string tpg = "/iscsi/iqn.2003-01.org.example.harness:n2/tpg1";
  EXPECT_GE(find(c, {"/iscsi", "create", "iqn.2003-01.org.example.harness:n2"}), 0);
  // No default 0.0.0.0 portal, and the fabric portals only once the LU is complete: a
  // returning node must not take logins while its LUN is relinked or unavailable.
  int nodflt = find(c, {"set", "global", "auto_add_default_portal=false"});
  ASSERT_GE(nodflt, 0);
  EXPECT_LT(nodflt, find(c, {"/iscsi", "create"}));
  int p0 = find(c, {tpg + "/portals", "create", "ip_address=10.213.3.12", "ip_port=3260"});
  int p1 = find(c, {tpg + "/portals", "create", "ip_address=10.213.4.12", "ip_port=3260"});
  ASSERT_GE(p0, 0);
  ASSERT_GE(p1, 0);
  EXPECT_EQ(std::max(p0, p1), static_cast<int>(c.size()) - 1);
  EXPECT_GT(std::min(p0, p1), find(c, {kConfigfsSetPath, group("n2") + "/alua_access_type", "1"}));
  EXPECT_GE(find(c, {tpg + "/acls", "create", "iqn.2003-01.org.example.harness:initiator"}), 0);
  EXPECT_GE(find(c, {tpg, "set", "attribute", "authentication=0"}), 0);
}

TEST_F(LioDriverTest, SecondNodeRelinksTheLunOnceForRelativePortIdTwo) {
  auto n1 = lio.setup_commands(topo, "n1");
  auto n2 = lio.setup_commands(topo, "n2");
  EXPECT_EQ(count(n1, {"delete", "lun=0"}), 0);
  EXPECT_EQ(count(n1, {"create", "/backstores/block/drbd0", "lun=0"}), 1);
  EXPECT_EQ(count(n2, {"delete", "lun=0"}), 1);
  EXPECT_EQ(count(n2, {"create", "/backstores/block/drbd0", "lun=0"}), 2);
  int del = find(n2, {"delete", "lun=0"});
  EXPECT_LT(find(n2, {"create", "/backstores/block/drbd0", "lun=0"}), del);
  EXPECT_GE(find(n2, {"create", "/backstores/block/drbd0", "lun=0"}, del), 0);
  // The ACL maps the LUN, so it comes after the last relink.
  EXPECT_GT(find(n2, {"/iscsi/iqn.2003-01.org.example.harness:n2/tpg1/acls", "create"}), del);
}

TEST_F(LioDriverTest, AluaGroupCreatedConfiguredJoinedAndStopped) {
  for (const auto& n : topo.targets) {
    auto c = lio.setup_commands(topo, n.name);
    const std::string g = group(n.name);
    int mk = find(c, {"mkdir", g});
    int id = find(c, {kConfigfsSetPath, g + "/tg_pt_gp_id", std::to_string(n.nodeid)});
    int both = find(c, {kConfigfsSetPath, g + "/alua_access_type", "3"});
    int join = find(c, {kConfigfsSetPath,
                        "/sys/kernel/config/target/iscsi/" + n.iqn + "/tpgt_1/lun/lun_0/alua_tg_pt_gp",
                        n.alua_group});
    int unavailable = find(c, {kConfigfsSetPath, g + "/alua_access_state", "3"});
    int implicit = find(c, {kConfigfsSetPath, g + "/alua_access_type", "1"});
    int lun = find(c, {"create", "/backstores/block/drbd0", "lun=0"});
    ASSERT_GE(mk, 0);
    EXPECT_LT(mk, id);
    EXPECT_LT(id, both);  // state changes need a valid group id
    EXPECT_LT(lun, join);
    EXPECT_LT(join, unavailable);
    EXPECT_LT(unavailable, implicit);  // the state write needs implicit ALUA, kept by type 1
    EXPECT_EQ(implicit, static_cast<int>(c.size()) - 3);  // then the two portals
    EXPECT_GE(find(c, {kConfigfsSetPath, g + "/nonop_delay_msecs", "0"}), 0);
    for (const char* s : {"active_optimized", "active_nonoptimized", "standby", "unavailable",
                          "transitioning"})
      EXPECT_GE(find(c, {kConfigfsSetPath, g + "/alua_support_" + s, "1"}), 0) << s;
  }
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
  ASSERT_EQ(files.size(), 2u);
  for (const auto& f : files) {
    EXPECT_EQ(f.mode, 0755);
    EXPECT_EQ(f.content.rfind("#!/bin/sh\n", 0), 0u) << f.path;
  }
  EXPECT_EQ(files[1].path, "/usr/lib/ocf/resource.d/harness/alua");
}

TEST(TargetDriverFactory, LioOnlyScstIsNotPretended) {
  EXPECT_EQ(make_target_driver("lio")->name(), "lio");
  try {
    make_target_driver("scst");
    FAIL() << "no exception";
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("not implemented"), std::string::npos);
  }
  EXPECT_THROW(make_target_driver("tgt"), ScenarioError);
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
