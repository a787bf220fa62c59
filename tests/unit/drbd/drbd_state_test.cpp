// /proc/drbd as recorded on the deployed target nodes and on a bare node (module loaded, no
// resource), plus the states the lab could not be put into without changing it (sync, split
// brain, frozen I/O): those are written from drbd_proc.c's format strings (8.4.11) and marked
// so.
#include "drivers/drbd/drbd_state.hpp"

#include <gtest/gtest.h>

#include "harness/core/errors.hpp"
#include "tests/unit/recording.hpp"

namespace harness {
namespace {

using test::recording;

TEST(DrbdStatus, Argv) { EXPECT_EQ(proc_drbd_argv(), (Argv{"cat", "/proc/drbd"})); }

TEST(DrbdStatus, DeployedDualPrimary) {
  auto st = parse_proc_drbd(recording("deployed/proc_drbd.n1.txt"));
  EXPECT_EQ(st.version, "8.4.11");
  ASSERT_EQ(st.minors.size(), 1u);
  const auto& m = st.minors[0];
  EXPECT_EQ(m.minor, 0);
  EXPECT_EQ(m.cstate, "Connected");
  EXPECT_EQ(m.role, "Primary");
  EXPECT_EQ(m.peer_role, "Primary");
  EXPECT_EQ(m.disk, "UpToDate");
  EXPECT_EQ(m.peer_disk, "UpToDate");
  EXPECT_EQ(m.protocol, 'C');
  EXPECT_EQ(m.io_flags, "r-----");
  EXPECT_FALSE(m.io_suspended);
  EXPECT_EQ(m.oos_kib, 0);
  EXPECT_EQ(m.dr_kib, 3215);
  EXPECT_EQ(m.dw_kib, 0);
  EXPECT_FALSE(m.sync_percent);
  EXPECT_TRUE(m.healthy_dual_primary());
  EXPECT_NE(st.minor(0), nullptr);
  EXPECT_EQ(st.minor(1), nullptr);
  EXPECT_TRUE(parse_proc_drbd(recording("deployed/proc_drbd.n2.txt")).minors[0].healthy_dual_primary());
}

TEST(DrbdStatus, ModuleLoadedWithoutResourceHasNoMinor) {
  auto st = parse_proc_drbd(recording("bare/proc_drbd.n1.txt"));
  EXPECT_EQ(st.version, "8.4.11");
  EXPECT_TRUE(st.minors.empty());
}

// Not recorded (would need a resync in the lab): drbd_proc.c's layout for SyncSource.
TEST(DrbdStatus, SyncProgressFromTheDocumentedFormat) {
  auto st = parse_proc_drbd(
      "version: 8.4.11 (api:1/proto:86-101)\n"
      "srcversion: F73C670A7EC572DB9CF3E5B \n"
      " 0: cs:SyncSource ro:Primary/Primary ds:UpToDate/Inconsistent C r-----\n"
      "    ns:131072 nr:0 dw:4096 dr:135168 al:8 bm:0 lo:0 pe:3 ua:0 ap:0 ep:1 wo:f oos:917504\n"
      "\t[=>..................] sync'ed: 12.5% (917504/1048576)K\n"
      "\tfinish: 0:00:56 speed: 16,384 (16,384) K/sec\n");
  const auto& m = st.minors.at(0);
  EXPECT_EQ(m.cstate, "SyncSource");
  EXPECT_EQ(m.peer_disk, "Inconsistent");
  EXPECT_EQ(m.oos_kib, 917504);
  ASSERT_TRUE(m.sync_percent);
  EXPECT_DOUBLE_EQ(*m.sync_percent, 12.5);
  EXPECT_FALSE(m.verifying);
  EXPECT_FALSE(m.healthy_dual_primary());
}

// Not recorded (the deploy passes it in a second): a fresh pair before the skipped initial
// sync, and each way one word away from it.
TEST(DrbdStatus, FreshPairOnlyWhenConnectedSecondariesBothInconsistent) {
  auto state = [](const std::string& line) {
    auto st = parse_proc_drbd("version: 8.4.11 (api:1/proto:86-101)\n" + line +
                              "\n    ns:0 nr:0 dw:0 dr:0 al:0 bm:0 lo:0 pe:0 ua:0 ap:0 ep:1 wo:f "
                              "oos:1048576\n");
    return st.minors.at(0);
  };
  EXPECT_TRUE(state(" 0: cs:Connected ro:Secondary/Secondary ds:Inconsistent/Inconsistent C r-----")
                  .fresh_pair());
  EXPECT_FALSE(state(" 0: cs:WFConnection ro:Secondary/Unknown ds:Inconsistent/DUnknown C r----s")
                   .fresh_pair());
  EXPECT_FALSE(state(" 0: cs:Connected ro:Primary/Secondary ds:Inconsistent/Inconsistent C r-----")
                   .fresh_pair());
  EXPECT_FALSE(state(" 0: cs:Connected ro:Secondary/Secondary ds:UpToDate/Inconsistent C r-----")
                   .fresh_pair());
  EXPECT_FALSE(state(" 0: cs:SyncSource ro:Secondary/Secondary ds:Inconsistent/Inconsistent C r-----")
                   .fresh_pair());
}

// Not recorded: StandAlone has no net configuration, so the protocol letter is a blank;
// frozen I/O (fencing resource-and-stonith waiting for the fence) shows as 's'.
TEST(DrbdStatus, StandAloneFrozenAndUnconfiguredMinors) {
  auto st = parse_proc_drbd(
      "version: 8.4.11 (api:1/proto:86-101)\n"
      " 0: cs:StandAlone ro:Primary/Unknown ds:UpToDate/DUnknown   s-----\n"
      "    ns:0 nr:0 dw:8192 dr:4096 al:2 bm:0 lo:0 pe:0 ua:0 ap:0 ep:1 wo:f oos:8192\n"
      "\n"
      " 2: cs:Unconfigured\n");
  ASSERT_EQ(st.minors.size(), 2u);
  EXPECT_EQ(st.minors[0].cstate, "StandAlone");
  EXPECT_EQ(st.minors[0].peer_role, "Unknown");
  EXPECT_EQ(st.minors[0].protocol, ' ');
  EXPECT_TRUE(st.minors[0].io_suspended);
  EXPECT_EQ(st.minors[0].oos_kib, 8192);
  EXPECT_EQ(st.minors[1].minor, 2);
  EXPECT_EQ(st.minors[1].cstate, "Unconfigured");
  EXPECT_EQ(st.minors[1].role, "");
}

TEST(DrbdStatus, OnlineVerifyProgress) {
  auto st = parse_proc_drbd(
      "version: 8.4.11 (api:1/proto:86-101)\n"
      " 0: cs:VerifyS ro:Primary/Primary ds:UpToDate/UpToDate C r-----\n"
      "    ns:0 nr:0 dw:0 dr:0 al:8 bm:0 lo:0 pe:0 ua:0 ap:0 ep:1 wo:f oos:0\n"
      "\t[=========>..........] verified: 50.0% (524288/1048576)K\n");
  EXPECT_TRUE(st.minors[0].verifying);
  EXPECT_DOUBLE_EQ(*st.minors[0].sync_percent, 50.0);
}

// The words the deploy's waits compare, as drbdadm cstate/role/dstate printed them.
TEST(DrbdStatus, SummaryIsCstateRolesDisks) {
  EXPECT_EQ(drbd_state_summary(parse_proc_drbd(recording("deployed/proc_drbd.n1.txt")), 0),
            "Connected Primary/Primary UpToDate/UpToDate");
  auto lost = parse_proc_drbd(
      "version: 8.4.11 (api:1/proto:86-101)\n"
      " 0: cs:StandAlone ro:Primary/Unknown ds:UpToDate/DUnknown   s-----\n"
      "    ns:0 nr:0 dw:8192 dr:4096 al:2 bm:0 lo:0 pe:0 ua:0 ap:0 ep:1 wo:f oos:8192\n"
      " 2: cs:Unconfigured\n");
  EXPECT_EQ(drbd_state_summary(lost, 0), "StandAlone Primary/Unknown UpToDate/DUnknown");
  EXPECT_EQ(drbd_state_summary(lost, 2), "Unconfigured");
  EXPECT_EQ(drbd_state_summary(lost, 1), "Unconfigured");  // no such minor
  EXPECT_EQ(drbd_state_summary(parse_proc_drbd(recording("bare/proc_drbd.n1.txt")), 0),
            "Unconfigured");
}

TEST(DrbdStatus, MalformedInputNamesTheFile) {
  std::string full = recording("deployed/proc_drbd.n1.txt");
  for (const std::string& bad :
       {std::string(), full.substr(0, full.find("    ns:")),  // truncated before counters
        std::string("cat: /proc/drbd: No such file or directory\n"),
        std::string("version: 8.4.11\n 0: cs:Connected ro:Primary ds:UpToDate/UpToDate C r-----\n"),
        std::string("version: 8.4.11\n 0: cs:Connected ro:Primary/Primary ds:UpToDate/UpToDate C\n"),
        std::string("version: 8.4.11\n 0: cs:Connected ro:Primary/Primary ds:UpToDate/UpToDate "
                    "C r-----\n    ns:0 nr:0\n")}) {
    try {
      parse_proc_drbd(bad);
      ADD_FAILURE() << "accepted: " << bad;
    } catch (const LabError& e) {
      EXPECT_NE(std::string(e.what()).find("/proc/drbd: expected"), std::string::npos)
          << e.what();
    }
  }
}

}  // namespace
}  // namespace harness
