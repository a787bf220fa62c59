// Pacemaker's node states from the CIB, on cibadmin output recorded in the lab
// (tests/data/tools/README.md).
#include <gtest/gtest.h>

#include "drivers/pacemaker/cib_node_state.hpp"
#include "harness/core/errors.hpp"
#include "tests/unit/recording.hpp"

namespace harness {
namespace {

using test::recording;

TEST(CibNodeState, BothOnlineOnADeployedClusterFromEitherNode) {
  for (const char* f : {"deployed/cibadmin_node_state.n1.xml", "deployed/cibadmin_node_state.n2.xml"}) {
    auto s = parse_node_states(recording(f));
    EXPECT_EQ(s, (std::map<std::string, bool>{{"n1", true}, {"n2", true}})) << f;
  }
}

TEST(CibNodeState, AFencedNodeIsOfflineAndItsPeerOnline) {
  auto s = parse_node_states(recording("fenced/cibadmin_node_state.n2.xml"));
  EXPECT_EQ(s, (std::map<std::string, bool>{{"n1", false}, {"n2", true}}));
}

TEST(CibNodeState, EachConditionCounts) {
  auto one = [](const std::string& attrs) {
    return parse_node_states("<node_state id=\"1\" uname=\"n1\" " + attrs + "/>").at("n1");
  };
  EXPECT_TRUE(one(R"(in_ccm="true" crmd="online" join="member")"));
  EXPECT_TRUE(one(R"(in_ccm="1733470000" crmd="online" join="member")"));  // newer Pacemaker
  EXPECT_FALSE(one(R"(in_ccm="false" crmd="online" join="member")"));
  EXPECT_FALSE(one(R"(in_ccm="true" crmd="offline" join="member")"));
  EXPECT_FALSE(one(R"(in_ccm="true" crmd="online" join="pending")"));  // still joining the DC
  EXPECT_FALSE(one(R"(crmd="online" join="member")"));
}

TEST(CibNodeState, PacemakerDownOrGarbageIsAnError) {
  // What cibadmin prints (exit 102) on a node whose Pacemaker is not running.
  EXPECT_THROW(parse_node_states(recording("bare/cibadmin_node_state.n1.txt")), LabError);
  EXPECT_THROW(parse_node_states("<xpath-query/>"), LabError);
  EXPECT_THROW(parse_node_states(""), LabError);
}

// Pacemaker 3.0 (Debian 13): in_ccm and crmd are the times each joined, not words.
TEST(CibNodeState, Pacemaker3WritesJoinTimesForMembershipAndTheController) {
  auto s = parse_node_states(recording("trixie/cibadmin_node_state.n1.xml"));
  EXPECT_TRUE(s.at("n1"));
  EXPECT_TRUE(s.at("n2"));
  EXPECT_FALSE(parse_node_states("<node_state id=\"1\" uname=\"n1\" in_ccm=\"1796679419\" crmd=\"0\" "
                                 "join=\"member\"/>").at("n1"));
}

}  // namespace
}  // namespace harness
