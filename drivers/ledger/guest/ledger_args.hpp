#pragma once
// The guest program's command line: write mode (--device) or read-back mode (--read-back).
#include <cstdint>
#include <optional>
#include <string>

namespace harness::ledger {

struct WriteArgs {
  std::string device;             // the block device (or file) written with O_DIRECT
  std::string log;                // the binary log (ledger_format.hpp)
  std::uint64_t run_id = 0;
  std::uint64_t seed = 0;
  std::uint64_t offset = 0;       // region start, bytes (a multiple of the block size)
  std::uint64_t size = 0;         // region length, bytes (a multiple of the block size)
  std::uint32_t block_size = 4096;
  std::uint32_t rate = 200;       // scheduled writes per second
  std::uint32_t in_flight = 32;   // at most this many outstanding
  double duration_s = 10;
  double drain_s = 30;            // after the load, how long to wait for outstanding writes
  std::uint32_t late_ms = 100;    // a slot reached later than this is missed, not sent late
  bool dsync = false;             // O_DSYNC: every write carries FUA
};

struct ReadBackArgs {
  std::string device;
  std::string out = "-";           // "-": stdout
  std::optional<std::string> log;  // take run id, region and block size from a write log
  std::uint64_t run_id = 0;
  std::uint64_t offset = 0;
  std::uint64_t size = 0;
  std::uint32_t block_size = 4096;
};

struct Args {
  std::optional<WriteArgs> write;
  std::optional<ReadBackArgs> read_back;
  int exit_code = -1;  // >= 0: --help or a usage error, exit with it
};

Args parse_args(int argc, char** argv);

}  // namespace harness::ledger
