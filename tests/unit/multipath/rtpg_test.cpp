// sg_rtpg --decode through each of the deployed initiator's four paths: each path reports only
// the target port group of the node it leads to (n1: group 1 active/optimized, n2: group 2
// active/non-optimized). Multi-group and other-state reports are written in the same format.
#include "drivers/multipath/rtpg.hpp"

#include <gtest/gtest.h>

#include "harness/core/errors.hpp"
#include "tests/unit/deploy_fixture.hpp"
#include "tests/unit/recording.hpp"

namespace harness {
namespace {

using test::recording;

TEST(RtpgStatus, Argv) {
  EXPECT_EQ(sg_rtpg_argv("/dev/sdc"), (Argv{"sg_rtpg", "--decode", "/dev/sdc"}));
}

TEST(RtpgStatus, PathsToN1SeeGroupOneOptimized) {
  for (const char* dev : {"sda", "sdb"}) {
    auto g = parse_rtpg(recording(std::string("deployed/sg_rtpg.") + dev + ".initiator.txt"));
    ASSERT_EQ(g.size(), 1u) << dev;
    EXPECT_EQ(g[0].id, 1);
    EXPECT_EQ(g[0].state, AluaState::active_optimized);
    EXPECT_EQ(g[0].state_code, 0);
    EXPECT_FALSE(g[0].preferred);
    EXPECT_EQ(g[0].status_code, 2);  // changed by implicit behaviour (the agent)
    EXPECT_EQ(g[0].relative_port_ids, std::vector<int>{1});
  }
}

TEST(RtpgStatus, PathsToN2SeeGroupTwoNonOptimized) {
  for (const char* dev : {"sdc", "sdd"}) {
    auto g = parse_rtpg(recording(std::string("deployed/sg_rtpg.") + dev + ".initiator.txt"));
    ASSERT_EQ(g.size(), 1u) << dev;
    EXPECT_EQ(g[0].id, 2);
    EXPECT_EQ(g[0].state, AluaState::active_nonoptimized);
    EXPECT_EQ(g[0].relative_port_ids, std::vector<int>{2});
  }
}

TEST(RtpgStatus, GroupsAreNamedByNodeIdFromTheTopology) {
  auto topo = deploy_fixture::lab_topology();
  auto a = groups_by_node(parse_rtpg(recording("deployed/sg_rtpg.sda.initiator.txt")), topo);
  EXPECT_EQ(a, (std::map<std::string, AluaState>{{"n1", AluaState::active_optimized}}));
  auto c = groups_by_node(parse_rtpg(recording("deployed/sg_rtpg.sdc.initiator.txt")), topo);
  EXPECT_EQ(c, (std::map<std::string, AluaState>{{"n2", AluaState::active_nonoptimized}}));
}

// LIO versions that report their empty default_tg_pt_gp, a preferred group, an unknown id.
const char* kThreeGroups =
    "Report target port groups:\n"
    "  target port group id : 0x0 , Pref=0, Rtpg_fmt=0\n"
    "    target port group asymmetric access state : 0x00 (active/optimized)\n"
    "    T_SUP : 1, O_SUP : 1, LBD_SUP : 0, U_SUP : 1, S_SUP : 1, AN_SUP : 1, AO_SUP : 1\n"
    "    status code : 0x00 (no status available)\n"
    "    vendor unique status : 0x00\n"
    "    target port count : 00\n"
    "  target port group id : 0x2 , Pref=1, Rtpg_fmt=0\n"
    "    target port group asymmetric access state : 0x03 (unavailable)\n"
    "    T_SUP : 1, O_SUP : 0, LBD_SUP : 0, U_SUP : 1, S_SUP : 1, AN_SUP : 1, AO_SUP : 1\n"
    "    status code : 0x01 (target port asym. state changed by SET TARGET PORT GROUPS command)\n"
    "    vendor unique status : 0x00\n"
    "    target port count : 02\n"
    "    Relative target port ids:\n"
    "      0x02\n"
    "      0x12\n"
    "  target port group id : 0x7 , Pref=0, Rtpg_fmt=0\n"
    "    target port group asymmetric access state : 0x0e (offline)\n"
    "    target port count : 01\n"
    "    Relative target port ids:\n"
    "      0x07\n";

TEST(RtpgStatus, EmptyDefaultGroupIsLeftOutAndUnknownIdsAreNamed) {
  auto g = parse_rtpg(kThreeGroups);
  ASSERT_EQ(g.size(), 3u);
  EXPECT_TRUE(g[0].relative_port_ids.empty());
  EXPECT_TRUE(g[1].preferred);
  EXPECT_EQ(g[1].state, AluaState::unavailable);
  EXPECT_EQ(g[1].status_code, 1);
  EXPECT_EQ(g[1].relative_port_ids, (std::vector<int>{2, 0x12}));
  EXPECT_EQ(g[2].state, AluaState::offline);
  auto named = groups_by_node(g, std::map<int, std::string>{{1, "n1"}, {2, "n2"}});
  EXPECT_EQ(named, (std::map<std::string, AluaState>{{"n2", AluaState::unavailable},
                                                    {"tg_pt_gp 7", AluaState::offline}}));
}

TEST(RtpgStatus, MalformedInputNamesTheTool) {
  std::string full = recording("deployed/sg_rtpg.sda.initiator.txt");
  for (const std::string& bad :
       {std::string(), full.substr(0, full.find("    target port group asymmetric")),
        full.substr(0, full.find("      0x01")),  // port count 1, no id
        std::string("Report target port groups:\n"),
        std::string("Report Target Port Groups command not supported\n"),
        std::string("Report target port groups:\n  target port group id : zz , Pref=0\n")}) {
    try {
      parse_rtpg(bad);
      ADD_FAILURE() << "accepted: " << bad;
    } catch (const LabError& e) {
      EXPECT_NE(std::string(e.what()).find("sg_rtpg: expected"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace harness
