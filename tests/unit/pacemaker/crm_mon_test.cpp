// crm_mon XML from the lab (tests/data/tools/README.md): a cluster that is up with both fence
// devices failed to start, a healthy cluster, and a node whose Pacemaker is not running; plus
// text that is not crm_mon's XML.
#include "drivers/pacemaker/crm_mon.hpp"

#include <gtest/gtest.h>

#include "harness/core/errors.hpp"
#include "tests/unit/recording.hpp"

namespace harness {
namespace {

using test::recording;

TEST(CrmMonStatus, ArgvAsksForInactiveResourcesAndFenceHistory) {
  EXPECT_EQ(crm_mon_argv(), (Argv{"crm_mon", "--one-shot", "--inactive", "--output-as=xml",
                                  "--fence-history=3"}));
}

TEST(CrmMonStatus, NotConnectedIsAStateNotAnError) {
  auto st = parse_crm_mon(recording("bare/crm_mon.n1.xml"));
  EXPECT_FALSE(st.connected);
  EXPECT_EQ(st.status_code, 102);
  EXPECT_EQ(st.status_message, "Not connected");
  ASSERT_EQ(st.errors.size(), 2u);
  EXPECT_EQ(st.errors[1], "crm_mon: Connection to cluster failed: Connection refused");
  EXPECT_TRUE(st.nodes.empty());
  EXPECT_FALSE(st.with_quorum);
}

class CrmMonDeployed : public ::testing::Test {
 protected:
  CrmStatus st = parse_crm_mon(recording("deployed/crm_mon.n1.xml"));
};

TEST_F(CrmMonDeployed, SummaryAndNodes) {
  EXPECT_TRUE(st.connected);
  EXPECT_EQ(st.status_code, 0);
  EXPECT_TRUE(st.have_dc);
  EXPECT_EQ(st.dc, "n2");
  EXPECT_TRUE(st.with_quorum);
  ASSERT_EQ(st.nodes.size(), 2u);
  EXPECT_EQ(st.nodes[0].name, "n1");
  EXPECT_EQ(st.nodes[0].id, "1");
  EXPECT_TRUE(st.nodes[0].online);
  EXPECT_FALSE(st.nodes[0].is_dc);
  EXPECT_TRUE(st.nodes[0].expected_up);
  EXPECT_FALSE(st.nodes[0].unclean);
  EXPECT_FALSE(st.nodes[0].standby);
  ASSERT_NE(st.node("n2"), nullptr);
  EXPECT_TRUE(st.node("n2")->is_dc);
  EXPECT_EQ(st.node("n3"), nullptr);
}

TEST_F(CrmMonDeployed, CloneInstancesAreFlattenedWithTheirClone) {
  ASSERT_EQ(st.resources.size(), 6u);
  auto drbd = st.instances("drbd-r0");
  ASSERT_EQ(drbd.size(), 2u);
  for (const auto* r : drbd) {
    EXPECT_EQ(r->clone_id, "drbd-r0-clone");
    EXPECT_EQ(r->resource_agent, "ocf:linbit:drbd");
    EXPECT_EQ(r->role, "Promoted");
    EXPECT_TRUE(r->active);
  }
  EXPECT_EQ(drbd[0]->nodes, std::vector<std::string>{"n1"});
  EXPECT_EQ(drbd[1]->nodes, std::vector<std::string>{"n2"});
  auto alua = st.instances("alua");
  ASSERT_EQ(alua.size(), 2u);
  EXPECT_EQ(alua[0]->role, "Promoted");
  EXPECT_EQ(alua[0]->nodes, std::vector<std::string>{"n1"});
  EXPECT_EQ(alua[1]->role, "Unpromoted");
  EXPECT_EQ(alua[1]->nodes, std::vector<std::string>{"n2"});
}

TEST_F(CrmMonDeployed, StoppedFenceDevicesAndTheirFailedStarts) {
  auto fence = st.instances("fence-n1");
  ASSERT_EQ(fence.size(), 1u);
  EXPECT_EQ(fence[0]->clone_id, "");
  EXPECT_EQ(fence[0]->resource_agent, "stonith:fence_virsh");
  EXPECT_EQ(fence[0]->role, "Stopped");
  EXPECT_FALSE(fence[0]->active);
  EXPECT_TRUE(fence[0]->nodes.empty());
  // The failed start is a failed action, not a failed resource (Pacemaker stopped it).
  EXPECT_FALSE(fence[0]->failed);

  ASSERT_EQ(st.failures.size(), 2u);
  EXPECT_EQ(st.failures[0].op_key, "fence-n2_start_0");
  EXPECT_EQ(st.failures[0].node, "n1");
  EXPECT_EQ(st.failures[0].task, "start");
  EXPECT_EQ(st.failures[0].exitstatus, "error");
  EXPECT_EQ(st.failures[0].exitcode, 1);
  EXPECT_EQ(st.failures[0].status, "complete");
  EXPECT_EQ(st.failures[0].last_rc_change, "2026-11-25 06:12:08Z");
  EXPECT_EQ(st.failures[1].op_key, "fence-n1_start_0");
  EXPECT_EQ(st.failures[1].node, "n2");
  EXPECT_TRUE(st.fence_history.empty());
}

TEST(CrmMonStatus, LegacyRoleNamesAreNormalised) {
  auto st = parse_crm_mon(R"(<pacemaker-result api-version="2.0">
  <summary><current_dc present="true" name="a" with_quorum="false"/></summary>
  <resources><clone id="c"><resource id="r" role="Master" active="true"><node name="a"/></resource>
  <resource id="r" role="Slave" active="true"><node name="b"/></resource></clone></resources>
  <status code="0" message="OK"/></pacemaker-result>)");
  ASSERT_EQ(st.resources.size(), 2u);
  EXPECT_EQ(st.resources[0].role, "Promoted");
  EXPECT_EQ(st.resources[1].role, "Unpromoted");
  EXPECT_FALSE(st.with_quorum);
}

TEST(CrmMonStatus, FenceEventsKeepExecutionerAndOrigin) {
  auto st = parse_crm_mon(R"(<pacemaker-result api-version="2.25">
  <summary><current_dc present="true" name="n1" with_quorum="true"/></summary>
  <fence_history status="0">
    <fence_event action="off" target="n2" client="pacemaker-controld.812" origin="n1"
                 status="success" delegate="n1" completed="2026-11-25 06:40:01.5 +00:00"/>
    <fence_event action="off" target="n1" client="pacemaker-controld.700" origin="n2"
                 status="failed" exit-reason="timed out"/>
  </fence_history>
  <status code="0" message="OK"/></pacemaker-result>)");
  ASSERT_EQ(st.fence_history.size(), 2u);
  EXPECT_EQ(st.fence_history[0].target, "n2");
  EXPECT_EQ(st.fence_history[0].executioner, "n1");
  EXPECT_EQ(st.fence_history[0].origin, "n1");
  EXPECT_EQ(st.fence_history[0].status, "success");
  EXPECT_EQ(st.fence_history[1].exit_reason, "timed out");
  EXPECT_EQ(st.fence_history[1].completed, "");
}

TEST(CrmMonStatus, MalformedInputNamesTheTool) {
  std::string full = recording("deployed/crm_mon.n1.xml");
  for (const std::string& bad :
       {std::string(), full.substr(0, full.size() / 2), std::string("Could not connect"),
        std::string("<cib/>"), std::string("<pacemaker-result/>"),
        std::string("<pacemaker-result><status code=\"x\"/></pacemaker-result>")}) {
    try {
      parse_crm_mon(bad);
      ADD_FAILURE() << "accepted: " << bad.substr(0, 60);
    } catch (const LabError& e) {
      EXPECT_NE(std::string(e.what()).find("crm_mon: expected"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace harness
