// Lines as the journal observer recorded them from the real guests (unit, message).
#include "harness/checks/log_lines.hpp"

#include <gtest/gtest.h>

namespace harness::checks {
namespace {

TEST(LogLines, GuestReportsAreDiagnostics) {
  EXPECT_TRUE(is_diagnostic_log("pacemaker-controld", "notice: High CPU load detected: 1.620000"));
  EXPECT_TRUE(is_diagnostic_log("kernel", "Modules linked in: sctp ip6_udp_tunnel udp_tunnel target_core_"));
  EXPECT_TRUE(is_diagnostic_log("kernel", "Call Trace:"));
  EXPECT_TRUE(is_diagnostic_log("kernel", " <TASK>"));
  EXPECT_TRUE(is_diagnostic_log("kernel", "RIP: 0010:drbd_al_begin_io_commit+0x1c/0x40 [drbd]"));
  EXPECT_TRUE(is_diagnostic_log("kernel", "R10: 0000000000000000 R11: 0000000000000000"));
  EXPECT_TRUE(is_diagnostic_log("kernel", "INFO: task kworker/u2:1:57 blocked for more than 120 seconds."));
}

TEST(LogLines, StateChangesAreNot) {
  EXPECT_FALSE(is_diagnostic_log("kernel", "block drbd0: pdsk( UpToDate -> Failed )"));
  EXPECT_FALSE(is_diagnostic_log("kernel", "device-mapper: multipath: 253:0: Failing path 8:0."));
  EXPECT_FALSE(is_diagnostic_log("kernel", "sd 4:0:0:0: Asymmetric access state changed"));
  EXPECT_FALSE(is_diagnostic_log("kernel", "sd 3:0:0:0: [sdb] tag#39 FAILED Result: hostbyte=DID_TRANSPORT"));
  EXPECT_FALSE(is_diagnostic_log("kernel", "block drbd0: new current UUID B52D9CD7786D7C65:AEA2988B049FB35"));
  EXPECT_FALSE(is_diagnostic_log("kernel", "Rounding down the size"));  // R, but not a register
  EXPECT_FALSE(is_diagnostic_log("multipathd", "sync_map_state: failing sdb state 2 dmstate 2"));
  EXPECT_FALSE(is_diagnostic_log("pacemaker-controld", "notice: Result of promote operation for alua on n2: ok"));
  EXPECT_FALSE(is_diagnostic_log("corosync", "[KNET  ] link: host: 2 link: 0 is down"));
}

}  // namespace
}  // namespace harness::checks
