// Path-loss lines of the initiator's journal, on lines recorded during a node kill
// (tests/data/tools/failover/journal.initiator.txt).
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <string>

#include "harness/checks/path_loss_log.hpp"

namespace harness::checks {
namespace {

// The message of a `journalctl -o short-precise` line: after "<host> <ident>[pid]: ".
std::string message_of(const std::string& line) {
  auto host = line.find(" initiator ");
  auto colon = line.find(": ", host);
  return line.substr(colon + 2);
}

TEST(PathLossLog, RecordedNodeKillNamesEachLostPathOnce) {
  std::ifstream in(std::string(HARNESS_SOURCE_DIR) + "/tests/data/tools/failover/journal.initiator.txt");
  ASSERT_TRUE(in) << "recording missing";
  std::map<std::string, std::string> first;  // dev → time of its first line
  std::vector<std::string> all;
  for (std::string line; std::getline(in, line);) {
    auto dev = lost_path_in_log(message_of(line));
    if (dev.empty()) continue;
    all.push_back(dev);
    first.emplace(dev, line.substr(7, 15));
  }
  // n1's paths (sda 8:0, sdb 8:16) failed by the kernel first, then n2's during the failover.
  EXPECT_EQ(first["sda"], "06:38:36.752504");
  EXPECT_EQ(first["sdb"], "06:38:36.799355");
  EXPECT_EQ(first["sdd"], "06:38:45.561863");
  EXPECT_EQ(first["sdc"], "06:38:45.803562");
  // Kernel "Failing path", "mark as failed", "checker failed path", "checker reports path is
  // down": every one of them in the recording.
  EXPECT_EQ(all.size(), 10u);
}

TEST(PathLossLog, OtherLinesNameNoPath) {
  for (const char* m : {"36001405cd5c6f7b0f2449193cc02f2d1: remaining active paths: 0",
                        "36001405cd5c6f7b0f2449193cc02f2d1: switch to path group #2",
                        "8:32: reinstated",
                        "36001405cd5c6f7b0f2449193cc02f2d1: sdc - tur checker reports path is up",
                        "I/O error, dev sda, sector 98544 op 0x1:(WRITE) flags 0xca00",
                        "checker failed path 253:0 in map x",  // not an sd disk
                        "device-mapper: multipath: 253:0: Failing path 8:17.",  // a partition
                        "sd a: mark as failed"})
    EXPECT_EQ(lost_path_in_log(m), "") << m;
}

TEST(PathLossLog, SdDiskNamesFollowTheKernel) {
  EXPECT_EQ(sd_disk_name(8, 0), "sda");
  EXPECT_EQ(sd_disk_name(8, 240), "sdp");
  EXPECT_EQ(sd_disk_name(65, 0), "sdq");
  EXPECT_EQ(sd_disk_name(65, 144), "sdz");
  EXPECT_EQ(sd_disk_name(65, 160), "sdaa");
  EXPECT_EQ(sd_disk_name(128, 0), "sddy");  // disk 128
  EXPECT_EQ(sd_disk_name(8, 1), "");
  EXPECT_EQ(sd_disk_name(9, 0), "");
}

}  // namespace
}  // namespace harness::checks
