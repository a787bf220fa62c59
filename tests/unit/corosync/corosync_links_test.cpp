// `corosync-cfgtool -s` as recorded on both target nodes of the deployed lab, an edited copy
// with a link down, the no-peer shape corosync-cfgtool.c prints, and text that is not its
// output (corosync not running prints nothing on stdout).
#include "drivers/corosync/corosync_links.hpp"

#include <gtest/gtest.h>

#include "harness/core/errors.hpp"
#include "tests/unit/recording.hpp"

namespace harness {
namespace {

using test::recording;

TEST(CorosyncLinksStatus, Argv) { EXPECT_EQ(corosync_cfgtool_argv(), (Argv{"corosync-cfgtool", "-s"})); }

TEST(CorosyncLinksStatus, BothLinksConnectedAsSeenFromN1) {
  auto st = parse_corosync_links(recording("deployed/corosync_cfgtool.n1.txt"));
  EXPECT_EQ(st.local_nodeid, 1);
  EXPECT_EQ(st.transport, "knet");
  ASSERT_EQ(st.links.size(), 2u);
  EXPECT_EQ(st.links[0].id, 0);
  EXPECT_EQ(st.links[0].transport, "udp");
  EXPECT_EQ(st.links[0].address, "10.213.1.11");
  EXPECT_EQ(st.links[1].id, 1);
  EXPECT_EQ(st.links[1].address, "10.213.2.11");
  for (const auto& l : st.links) {
    ASSERT_EQ(l.nodes.size(), 2u);
    EXPECT_EQ(l.nodes.at(1), LinkPeerState::localhost);
    EXPECT_EQ(l.nodes.at(2), LinkPeerState::connected);
    EXPECT_TRUE(l.all_connected());
  }
  ASSERT_NE(st.link(1), nullptr);
  EXPECT_EQ(st.link(2), nullptr);
}

TEST(CorosyncLinksStatus, N2SeesItselfAsLocalhost) {
  auto st = parse_corosync_links(recording("deployed/corosync_cfgtool.n2.txt"));
  EXPECT_EQ(st.local_nodeid, 2);
  ASSERT_EQ(st.links.size(), 2u);
  EXPECT_EQ(st.links[0].address, "10.213.1.12");
  EXPECT_EQ(st.links[0].nodes.at(2), LinkPeerState::localhost);
  EXPECT_EQ(st.links[0].nodes.at(1), LinkPeerState::connected);
}

TEST(CorosyncLinksStatus, DisconnectedPeerOnOneLink) {
  // The recording with link 1's peer marked down, as corosync-cfgtool prints it then.
  std::string text = recording("deployed/corosync_cfgtool.n1.txt");
  auto pos = text.rfind("connected");
  text.replace(pos, 9, "disconnected");
  auto st = parse_corosync_links(text);
  EXPECT_TRUE(st.links[0].all_connected());
  EXPECT_FALSE(st.links[1].all_connected());
  EXPECT_EQ(st.links[1].nodes.at(2), LinkPeerState::disconnected);
}

TEST(CorosyncLinksStatus, NoPeerMeansNoLinkSection) {
  // corosync-cfgtool prints a link only while the peer's side is enabled.
  auto st = parse_corosync_links("Local node ID 1, transport knet\n");
  EXPECT_EQ(st.local_nodeid, 1);
  EXPECT_TRUE(st.links.empty());
}

TEST(CorosyncLinksStatus, MalformedInputNamesTheTool) {
  std::string full = recording("deployed/corosync_cfgtool.n1.txt");
  std::string not_running = recording("bare/corosync_cfgtool.n1.txt");  // empty stdout
  for (const std::string& bad :
       {not_running, full.substr(0, full.find("\taddr")),          // LINK without addr
        full.substr(0, full.find("\t\tnodeid")),                  // LINK without peers
        std::string("Printing ring status.\nRING ID 0\n\tid\t= 10.0.0.1\n"),  // corosync 2
        std::string("Local node ID x, transport knet\n"),
        full + "\t\tnodeid:   3:\tconfused\n"}) {
    try {
      parse_corosync_links(bad);
      ADD_FAILURE() << "accepted: " << bad;
    } catch (const LabError& e) {
      EXPECT_NE(std::string(e.what()).find("corosync-cfgtool -s: expected"), std::string::npos)
          << e.what();
    }
  }
}

}  // namespace
}  // namespace harness
