// The health picture built from every recording of the deployed lab (tests/data/tools/
// deployed), which was healthy except for its fencing: both fence devices had failed to start
// (the fence key was missing in the guests), so the verdict must name exactly that. A fully
// healthy picture is the same recordings with the fence devices running on the peer and the
// failures cleared; each other problem is that picture with one thing broken.
#include "drivers/sut/health.hpp"
#include "drivers/pacemaker/cib_constraints.hpp"
#include "harness/core/errors.hpp"

#include <algorithm>

#include <gtest/gtest.h>

#include "tests/unit/deploy_fixture.hpp"
#include "tests/unit/recording.hpp"

namespace harness {
namespace {

using test::recording;

HealthPicture deployed_picture(const HealthExpectations& e) {
  HealthPicture pic;
  pic.crm_node = "n1";
  pic.crm = parse_crm_mon(recording("deployed/crm_mon.n1.xml"));
  for (const char* n : {"n1", "n2"}) {
    pic.links[n] = parse_corosync_links(recording(std::string("deployed/corosync_cfgtool.") + n + ".txt"));
    pic.drbd[n] = parse_proc_drbd(recording(std::string("deployed/proc_drbd.") + n + ".txt"));
  }
  pic.sessions = parse_iscsi_sessions(recording("deployed/iscsiadm_session_P3.initiator.txt"));
  pic.paths = parse_multipathd_paths(recording("deployed/multipathd_paths.initiator.txt"));
  for (const char* dev : {"sda", "sdb", "sdc", "sdd"})
    pic.alua.push_back(
        {dev, parse_rtpg(recording(std::string("deployed/sg_rtpg.") + dev + ".initiator.txt")), {}});
  resolve(pic, e);
  return pic;
}

// The deployed picture with fencing as it should have been.
void fix_fencing(HealthPicture& pic) {
  for (auto& r : pic.crm->resources) {
    if (r.id == "fence-n1") r.nodes = {"n2"};
    else if (r.id == "fence-n2") r.nodes = {"n1"};
    else continue;
    r.role = "Started";
    r.active = true;
  }
  pic.crm->failures.clear();
}

class HealthTest : public ::testing::Test {
 protected:
  HealthExpectations e = HealthExpectations::from(deploy_fixture::lab_topology());
  HealthPicture pic = deployed_picture(e);
  HealthPicture healthy() {
    auto p = pic;
    fix_fencing(p);
    return p;
  }
  static bool has(const std::vector<std::string>& v, const std::string& needle) {
    return std::any_of(v.begin(), v.end(),
                       [&](const std::string& s) { return s.find(needle) != std::string::npos; });
  }
};

TEST_F(HealthTest, ExpectationsFromTheTopology) {
  EXPECT_EQ(e.target_nodes, (std::vector<std::string>{"n1", "n2"}));
  EXPECT_EQ(e.node_by_group_id.at(2), "n2");
  EXPECT_EQ(e.node_by_iqn.at("iqn.2003-01.org.example.harness:n1"), "n1");
  EXPECT_EQ(e.node_by_portal_address.at("10.213.4.12"), "n2");
  EXPECT_EQ(e.portals, (std::vector<std::string>{"10.213.3.11:3260", "10.213.4.11:3260",
                                                 "10.213.3.12:3260", "10.213.4.12:3260"}));
  EXPECT_EQ(e.paths, 4);
  EXPECT_EQ(e.sessions, 4);
  EXPECT_EQ(e.drbd_resource_id, "drbd-r0");
  EXPECT_EQ(e.alua_resource_id, "alua");
}

TEST_F(HealthTest, ResolveJoinsPortalsAndNodes) {
  EXPECT_EQ(pic.paths[0].target_address, "10.213.3.11");
  EXPECT_EQ(pic.paths[3].target_address, "10.213.4.12");
  EXPECT_EQ(pic.path_node.at("sda"), "n1");
  EXPECT_EQ(pic.path_node.at("sdc"), "n2");
  EXPECT_EQ(pic.alua[0].by_node.at("n1"), AluaState::active_optimized);
  EXPECT_EQ(pic.alua[2].by_node.at("n2"), AluaState::active_nonoptimized);
}

TEST_F(HealthTest, TheDeployedLabHadOnlyItsFencingBroken) {
  EXPECT_EQ(problems(pic, e),
            (std::vector<std::string>{
                "failed action fence-n2_start_0 on n1: error (exit 1)",
                "failed action fence-n1_start_0 on n2: error (exit 1)",
                "fence device fence-n1 is Stopped, not Started",
                "fence device fence-n2 is Stopped, not Started",
            }));
}

TEST_F(HealthTest, HealthyPictureHasNoProblem) { EXPECT_EQ(problems(healthy(), e), std::vector<std::string>{}); }

TEST_F(HealthTest, FenceDeviceOnTheNodeItFences) {
  auto p = healthy();
  for (auto& r : p.crm->resources)
    if (r.id == "fence-n2") r.nodes = {"n2"};
  EXPECT_EQ(problems(p, e),
            std::vector<std::string>{"fence device fence-n2 runs on n2, the node it fences"});
}

TEST_F(HealthTest, ClusterNodeAndQuorumProblems) {
  auto p = healthy();
  p.crm->with_quorum = false;
  p.crm->nodes[1].online = false;
  p.crm->nodes[1].unclean = true;
  auto got = problems(p, e);
  EXPECT_TRUE(has(got, "the cluster partition is not quorate"));
  EXPECT_TRUE(has(got, "node n2 is offline"));
  EXPECT_TRUE(has(got, "node n2 is unclean"));
  auto q = healthy();
  q.crm = parse_crm_mon(recording("bare/crm_mon.n1.xml"));
  EXPECT_TRUE(has(problems(q, e), "crm_mon on n1 could not reach the cluster: Not connected (102)"));
}

TEST_F(HealthTest, ResourcesPromotedWhereExpected) {
  auto p = healthy();
  for (auto& r : p.crm->resources)
    if (r.id == "alua") r.role = "Promoted";                  // both promoted
    else if (r.id == "drbd-r0" && r.nodes == std::vector<std::string>{"n2"}) r.role = "Unpromoted";
  auto got = problems(p, e);
  EXPECT_TRUE(has(got, "drbd-r0 is not promoted on n2")) << got.size();
  EXPECT_TRUE(has(got, "alua should be promoted on exactly one node, is on n1,n2"));
}

TEST_F(HealthTest, CorosyncLinkDownOrMissing) {
  auto p = healthy();
  p.links["n1"].links[1].nodes[2] = LinkPeerState::disconnected;
  p.links["n2"] = parse_corosync_links("Local node ID 2, transport knet\n");
  auto got = problems(p, e);
  EXPECT_TRUE(has(got, "n1: corosync link 1 (10.213.2.11) to n2 is disconnected"));
  EXPECT_TRUE(has(got, "n2: corosync link 0 is not up to any peer"));
  EXPECT_TRUE(has(got, "n2: corosync link 1 is not up to any peer"));
  EXPECT_EQ(got.size(), 3u);
}

TEST_F(HealthTest, DrbdNotDualPrimary) {
  auto p = healthy();
  auto& m = p.drbd["n2"].minors[0];
  m.cstate = "StandAlone";
  m.peer_role = "Unknown";
  m.peer_disk = "DUnknown";
  m.io_suspended = true;
  m.oos_kib = 4096;
  p.drbd.erase("n1");
  auto got = problems(p, e);
  EXPECT_TRUE(has(got, "n1: DRBD minor 0 is not there"));
  EXPECT_TRUE(has(got, "n2: DRBD minor 0 is StandAlone Primary/Unknown UpToDate/DUnknown"));
  EXPECT_TRUE(has(got, "n2: DRBD minor 0 has I/O suspended"));
  EXPECT_TRUE(has(got, "n2: DRBD minor 0 has 4096 KiB out of sync"));
}

TEST_F(HealthTest, TwoOptimizedGroupsAndPriorityThatDoesNotMatch) {
  // What the lab showed scsi_dh_alua doing on failover: n2's group made active/optimized by
  // STPG while n1's still reports active/optimized.
  auto p = healthy();
  for (auto& a : p.alua)
    if (a.dev == "sdc" || a.dev == "sdd") a.groups[0].state = AluaState::active_optimized;
  resolve(p, e);
  auto got = problems(p, e);
  EXPECT_TRUE(has(got, "2 target port groups are active/optimized, expected exactly one "
                       "(n1 active/optimized, n2 active/optimized)"));
  EXPECT_TRUE(has(got, "path sdc to n2 has priority 10, expected 50 for its ALUA state"));
  EXPECT_TRUE(has(got, "path sdd to n2 has priority 10, expected 50"));
}

TEST_F(HealthTest, PathsDisagreeOnAGroup) {
  auto p = healthy();
  p.alua[1].groups[0].state = AluaState::standby;  // sdb, also to n1
  resolve(p, e);
  auto got = problems(p, e);
  EXPECT_TRUE(has(got, "paths disagree on n1's ALUA state: sda reports active/optimized, "
                       "sdb reports standby"));
}

TEST_F(HealthTest, MissingRtpgAndFailedPath) {
  auto p = healthy();
  p.alua.pop_back();  // no answer through sdd
  p.paths[3].dm_state = "failed";
  p.paths[3].checker_state = "faulty";
  auto got = problems(p, e);
  EXPECT_TRUE(has(got, "no ALUA report (sg_rtpg) through path sdd"));
  EXPECT_TRUE(has(got, "path sdd is failed/faulty, expected active/ready"));
}

TEST_F(HealthTest, LostPathAndSession) {
  auto p = healthy();
  p.paths.pop_back();
  p.alua.pop_back();
  p.sessions.pop_back();
  p.sessions[0].session_state = "FAILED";
  p.sessions[0].connection_state = "TRANSPORT WAIT";
  p.sessions[0].disks[0].state = "blocked";
  auto got = problems(p, e);
  EXPECT_TRUE(has(got, "3 multipath paths, expected 4"));
  EXPECT_TRUE(has(got, "iSCSI session 1 to iqn.2003-01.org.example.harness:n1 at "
                       "10.213.3.11:3260 is FAILED (connection TRANSPORT WAIT)"));
  EXPECT_TRUE(has(got, "disk sda of iSCSI session 1 (10.213.3.11:3260) is blocked"));
  EXPECT_TRUE(has(got, "2 iSCSI sessions logged in, expected 4"));
  EXPECT_TRUE(has(got, "no iSCSI session to portal 10.213.3.11:3260"));
  EXPECT_TRUE(has(got, "no iSCSI session to portal 10.213.4.12:3260"));
}

TEST_F(HealthTest, UnreadableSourcesAreProblemsToo) {
  HealthPicture empty;
  empty.unreadable.push_back("n2: corosync-cfgtool -s: exit 1: Could not initialize corosync "
                             "configuration API error 2");
  auto got = problems(empty, e);
  EXPECT_EQ(got.front(), empty.unreadable.front());
  EXPECT_TRUE(has(got, "no cluster status (crm_mon) was read"));
  EXPECT_TRUE(has(got, "no ALUA report (sg_rtpg) from any path"));
  EXPECT_TRUE(has(got, "0 multipath paths, expected 4"));
}

TEST_F(HealthTest, TableHasOneLinePerItem) {
  auto text = render_health_table(pic);
  for (const char* want :
       {"nodes  (crm_mon on n1: DC n2, quorate)",
        "  n1         id 1   online  \n",
        "  fence-n1       stonith:fence_virsh    Stopped     -       \n",
        "  drbd-r0        ocf:linbit:drbd        Promoted    n1       [drbd-r0-clone]\n",
        "  fence-n2_start_0             n1       error (exit 1) 2026-11-25 06:12:08Z\n",
        "fencing  (last events)\n  none\n",
        "  n1         link 0 10.213.1.11      node 2 connected\n",
        "  n2         minor 0 Connected     Primary/Primary     UpToDate/UpToDate         C r----- "
        "oos 0 KiB\n",
        "  sda     n1 active/optimized\n", "  sdc     n2 active/non-optimized\n",
        "  sdc    active  ready    running  prio 10  n2   10.213.3.12      "
        "36001405806f2b70d6d8c5886e6b8ad1e\n",
        "  sid 4   10.213.4.12:3260      LOGGED_IN  LOGGED IN    sdd running  "
        "iqn.2003-01.org.example.harness:n2\n"})
    EXPECT_NE(text.find(want), std::string::npos) << "missing: " << want << "\nin:\n" << text;
}

TEST_F(HealthTest, JsonCarriesTheObservationShapes) {
  auto j = health_to_json(pic);
  EXPECT_EQ(j["crm"]["dc"], "n2");
  EXPECT_EQ(j["crm"]["failures"].size(), 2u);
  EXPECT_EQ(j["corosync"]["n2"]["links"][0]["nodes"]["1"], "connected");
  EXPECT_EQ(j["drbd"]["n1"]["minors"][0]["cstate"], "Connected");
  EXPECT_EQ(j["alua"]["sda"]["groups"]["n1"], "active/optimized");
  EXPECT_EQ(j["alua"]["sdd"]["groups"]["n2"], "active/non-optimized");
  EXPECT_EQ(j["paths"][2]["dev"], "sdc");
  EXPECT_EQ(j["paths"][2]["group"], "n2");
  EXPECT_EQ(j["paths"][2]["state"], "active");
  EXPECT_EQ(j["paths"][2]["prio"], 10);
  EXPECT_EQ(j["paths"][2]["target_address"], "10.213.3.12");
  EXPECT_EQ(j["sessions"][0]["disks"][0]["name"], "sda");
  EXPECT_TRUE(j["unreadable"].empty());
}

}  // namespace
}  // namespace harness

namespace harness {
namespace {

TEST_F(HealthTest, TheAuditAlsoWantsACleanFencingHistory) {
  auto pic = healthy();
  EXPECT_EQ(audit_problems(pic, e), std::vector<std::string>{});
  // settle accepts a cluster that has fenced (it settles after a node kill); the audit of a
  // reverted lab does not: its scenario would start with someone else's fence.
  FenceEvent f;
  f.action = "off";
  f.target = "n1";
  f.origin = "n2";
  f.status = "success";
  f.completed = "2026-12-07 06:10:01.123456 +00:00";
  pic.crm->fence_history.push_back(f);
  EXPECT_EQ(problems(pic, e), std::vector<std::string>{});
  auto audit = audit_problems(pic, e);
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_NE(audit[0].find("fencing history is not clean: off of n1 asked by n2 (success"),
            std::string::npos) << audit[0];
  pic.crm.reset();
  EXPECT_FALSE(audit_problems(pic, e).empty()) << "no status is no audit";
}

}  // namespace
}  // namespace harness

namespace harness {
namespace {

// The deployed lab's constraints (recorded) have none; the one crm-fence-peer.sh 8.4 places
// (id drbd-fence-by-handler-<resource>-<clone>, a -INFINITY Promoted rule for every other node)
// added to them is found, and the audit names it.
TEST_F(HealthTest, TheAuditRejectsADrbdFenceConstraintLeftInTheCib) {
  const std::string recorded = test::recording("deployed/cibadmin_constraints.n1.xml");
  EXPECT_EQ(parse_drbd_fence_constraints(recorded), std::vector<std::string>{});
  std::string placed = recorded;
  placed.insert(placed.rfind("</constraints>"),
                "  <rsc_location rsc=\"drbd-r0-clone\" id=\"drbd-fence-by-handler-r0-drbd-r0-clone\">\n"
                "    <rule role=\"Master\" score=\"-INFINITY\" id=\"drbd-fence-by-handler-r0-rule-drbd-r0-clone\">\n"
                "      <expression attribute=\"#uname\" operation=\"ne\" value=\"n1\" "
                "id=\"drbd-fence-by-handler-r0-expr-1-drbd-r0-clone\"/>\n"
                "    </rule>\n  </rsc_location>\n");
  EXPECT_EQ(parse_drbd_fence_constraints(placed),
            std::vector<std::string>{"drbd-fence-by-handler-r0-drbd-r0-clone"});
  EXPECT_THROW(parse_drbd_fence_constraints("cibadmin: not connected"), LabError);

  auto pic = healthy();
  pic.fence_constraints = parse_drbd_fence_constraints(recorded);
  EXPECT_EQ(audit_problems(pic, e), std::vector<std::string>{});
  pic.fence_constraints = parse_drbd_fence_constraints(placed);
  EXPECT_EQ(problems(pic, e), std::vector<std::string>{}) << "settle does not ask";
  auto audit = audit_problems(pic, e);
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_NE(audit[0].find("DRBD fence constraint is left in the CIB: drbd-fence-by-handler-r0"),
            std::string::npos) << audit[0];
}

}  // namespace
}  // namespace harness
