// multipathd's path table as recorded on the deployed initiator (four paths, two per target
// node), plus failed-path lines in the same format and broken text.
#include "drivers/multipath/multipath_paths.hpp"

#include <gtest/gtest.h>

#include "harness/core/errors.hpp"
#include "tests/unit/recording.hpp"

namespace harness {
namespace {

using test::recording;

TEST(MultipathPathsStatus, ArgvCarriesTheFormatAsOneArgument) {
  EXPECT_EQ(multipathd_paths_argv(), (Argv{"multipathd", "show", "paths", "raw", "format",
                                           "%d|%w|%t|%T|%o|%p|%i|%n|%a"}));
}

TEST(MultipathPathsStatus, WildcardsUsedExistInTheLabsMultipathd) {
  auto wild = recording("multipathd_show_wildcards.initiator.txt");
  auto paths_part = wild.substr(wild.find("path format wildcards:"));
  for (const char* w : {"%d  dev", "%w  uuid", "%t  dm_st", "%T  chk_st", "%o  dev_st",
                        "%p  pri", "%i  hcil", "%n  target WWNN", "%a  host adapter"})
    EXPECT_NE(paths_part.find(w), std::string::npos) << w;
}

TEST(MultipathPathsStatus, FourActivePathsWithAluaPriorities) {
  auto p = parse_multipathd_paths(recording("deployed/multipathd_paths.initiator.txt"));
  ASSERT_EQ(p.size(), 4u);
  EXPECT_EQ(p[0].dev, "sda");
  EXPECT_EQ(p[0].wwid, "36001405806f2b70d6d8c5886e6b8ad1e");
  EXPECT_EQ(p[0].dm_state, "active");
  EXPECT_EQ(p[0].checker_state, "ready");
  EXPECT_EQ(p[0].dev_state, "running");
  EXPECT_EQ(p[0].prio, 50);
  EXPECT_EQ(p[0].hcil, "2:0:0:0");
  EXPECT_EQ(p[0].target_name, "iqn.2003-01.org.example.harness:n1");
  EXPECT_EQ(p[0].host_adapter, "10.213.3.21");  // the initiator's side, not the portal
  EXPECT_EQ(p[0].target_address, "");            // joined from iSCSI later
  EXPECT_EQ(p[1].dev, "sdb");
  EXPECT_EQ(p[1].host_adapter, "10.213.4.21");
  EXPECT_EQ(p[2].dev, "sdc");
  EXPECT_EQ(p[2].prio, 10);
  EXPECT_EQ(p[2].target_name, "iqn.2003-01.org.example.harness:n2");
  EXPECT_EQ(p[3].hcil, "5:0:0:0");
  for (const auto& path : p) EXPECT_EQ(path.wwid, p[0].wwid);
}

TEST(MultipathPathsStatus, FailedPathWithSpaceInCheckerStateAndUndefPriority) {
  auto p = parse_multipathd_paths(
      "sdc|36001405806f2b70d6d8c5886e6b8ad1e|failed|i/o pending|running|undef|4:0:0:0|"
      "iqn.2003-01.org.example.harness:n2|10.213.3.21\n"
      "sdd|36001405806f2b70d6d8c5886e6b8ad1e|failed|faulty|offline|0|5:0:0:0|"
      "iqn.2003-01.org.example.harness:n2|10.213.4.21\n");
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0].checker_state, "i/o pending");
  EXPECT_EQ(p[0].prio, -1);
  EXPECT_EQ(p[1].dm_state, "failed");
  EXPECT_EQ(p[1].dev_state, "offline");
  EXPECT_EQ(p[1].prio, 0);
}

TEST(MultipathPathsStatus, NoPathIsAnEmptyList) {
  EXPECT_TRUE(parse_multipathd_paths("").empty());
  EXPECT_TRUE(parse_multipathd_paths("\n").empty());
}

TEST(MultipathPathsStatus, MalformedInputNamesTheTool) {
  std::string full = recording("deployed/multipathd_paths.initiator.txt");
  for (const std::string& bad :
       {full.substr(0, 40),  // truncated line
        std::string("sda 3600140580 active ready running 50 2:0:0:0 iqn n1 10.213.3.21\n"),
        std::string("sda|w|active|ready|running|high|2:0:0:0|iqn|10.213.3.21\n"),
        std::string("ux_socket_connect: Connection refused\n")}) {
    try {
      parse_multipathd_paths(bad);
      ADD_FAILURE() << "accepted: " << bad;
    } catch (const LabError& e) {
      EXPECT_NE(std::string(e.what()).find("multipathd show paths: expected"), std::string::npos)
          << e.what();
    }
  }
}

}  // namespace
}  // namespace harness

namespace harness {
namespace {

TEST(MultipathPathsReady, AllFourDeployedPathsCountAndAFailedOneDoesNot) {
  auto p = parse_multipathd_paths(test::recording("deployed/multipathd_paths.initiator.txt"));
  EXPECT_EQ(paths_not_ready(p, 4), "");
  EXPECT_EQ(paths_not_ready(p, 5), "4 of 5 paths active/ready with a priority");
  p[1].checker_state = "faulty";
  EXPECT_EQ(paths_not_ready(p, 4), "3 of 4 paths active/ready with a priority");
  p[1].checker_state = "ready";
  p[2].prio = -1;  // a path seen before the ALUA handler gave it a priority
  EXPECT_EQ(paths_not_ready(p, 4), "3 of 4 paths active/ready with a priority");
}

}  // namespace
}  // namespace harness
