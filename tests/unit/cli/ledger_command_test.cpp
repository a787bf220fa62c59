// `harness ledger check` on the recordings of tests/data/ledger/: the built binary's verdict,
// exit status and messages.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "drivers/remote/process.hpp"
#include "harness/core/clock.hpp"
#include "harness/core/deadline.hpp"

namespace harness {
namespace {

const std::string kData = std::string(TEST_DATA_DIR) + "/ledger/";

CommandResult ledger_cli(std::vector<std::string> args) {
  static auto clock = make_system_clock();
  args.insert(args.begin(), {HARNESS_BINARY, "ledger", "check"});
  return run_process(args, Deadline::after(*clock, 60));
}

TEST(LedgerCommand, AnIntactReadBackPasses) {
  const auto r = ledger_cli({"--log", kData + "write.log", "--device", kData + "readback.bin"});
  EXPECT_EQ(r.exit_status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("ledger       pass    200 writes acknowledged"), std::string::npos) << r.out;
}

TEST(LedgerCommand, TheDamagedCopyFailsWithItsEvidence) {
  const auto r = ledger_cli({"--log", kData + "write.log", "--device", kData + "readback-damaged.bin"});
  EXPECT_EQ(r.exit_status, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("1 acknowledged writes lost, e.g. block 9"), std::string::npos) << r.out;
  const auto torn = r.out.find("  ledger_torn {");
  ASSERT_NE(torn, std::string::npos) << r.out;
  EXPECT_NE(r.out.substr(torn, r.out.find('\n', torn) - torn).find("\"block\":5,"),
            std::string::npos) << r.out;
  // The two listings as DRBD peers: they differ in the three damaged blocks.
  const auto peers = ledger_cli({"--log", kData + "write.log", "--device", kData + "readback.bin",
                                 "--peer", kData + "readback.bin", "--peer",
                                 kData + "readback-damaged.bin", "--json"});
  EXPECT_EQ(peers.exit_status, 1);
  EXPECT_NE(peers.out.find("\"divergent\": 3"), std::string::npos) << peers.out;
}

TEST(LedgerCommand, BadInputIsAUsageErrorNamingTheFile) {
  const auto other_run = ledger_cli({"--log", kData + "sigterm.log", "--device", kData + "readback.bin"});
  EXPECT_EQ(other_run.exit_status, 2);
  EXPECT_NE(other_run.err.find("readback.bin: read back for run id 42, the log's is 43"),
            std::string::npos) << other_run.err;
  const auto swapped = ledger_cli({"--log", kData + "readback.bin"});
  EXPECT_EQ(swapped.exit_status, 2);
  EXPECT_NE(swapped.err.find("readback.bin: not a usable harness-ledger log: wrong magic"),
            std::string::npos) << swapped.err;
  EXPECT_EQ(ledger_cli({}).exit_status, 2);  // --log is required
}

}  // namespace
}  // namespace harness
