// Lines as the journal observer recorded them from the real guests (unit, message).
#include "harness/checks/log_lines.hpp"

#include <gtest/gtest.h>

#include <utility>
#include <vector>

namespace harness::checks {
namespace {

using Line = std::pair<const char*, const char*>;

TEST(LogLines, GuestReportsAreDiagnostics) {
  const std::vector<Line> lines = {
      {"pacemaker-controld", "notice: High CPU load detected: 1.620000"},
      {"kernel", "Modules linked in: sctp ip6_udp_tunnel udp_tunnel target_core_"},
      {"kernel", "Call Trace:"},
      {"kernel", " <TASK>"},
      {"kernel", "RIP: 0010:drbd_al_begin_io_commit+0x1c/0x40 [drbd]"},
      {"kernel", "R10: 0000000000000000 R11: 0000000000000000"},
      {"kernel", "INFO: task kworker/u2:1:57 blocked for more than 120 seconds."},
  };
  for (const auto& [unit, message] : lines) EXPECT_TRUE(is_diagnostic_log(unit, message)) << message;
}

TEST(LogLines, StateChangesAreNot) {
  const std::vector<Line> lines = {
      {"kernel", "block drbd0: pdsk( UpToDate -> Failed )"},
      {"kernel", "device-mapper: multipath: 253:0: Failing path 8:0."},
      {"kernel", "sd 4:0:0:0: Asymmetric access state changed"},
      {"kernel", "sd 3:0:0:0: [sdb] tag#39 FAILED Result: hostbyte=DID_TRANSPORT"},
      {"kernel", "block drbd0: new current UUID B52D9CD7786D7C65:AEA2988B049FB35"},
      {"kernel", "Rounding down the size"},  // R, but not a register
      {"multipathd", "sync_map_state: failing sdb state 2 dmstate 2"},
      {"pacemaker-controld", "notice: Result of promote operation for alua on n2: ok"},
      {"corosync", "[KNET  ] link: host: 2 link: 0 is down"},
  };
  for (const auto& [unit, message] : lines) EXPECT_FALSE(is_diagnostic_log(unit, message)) << message;
}

}  // namespace
}  // namespace harness::checks
