#include "drivers/ledger/guest/ledger_args.hpp"

#include <CLI/CLI.hpp>

namespace harness::ledger {

Args parse_args(int argc, char** argv) {
  CLI::App app{
      "harness-ledger: an open-loop block writer whose every write is logged, and the reader of "
      "what the blocks hold afterwards (docs/LEDGER.md).\n"
      "Write mode (--device): writes blocks of the region in a seeded order at a fixed rate, "
      "whatever the completions do, through Linux AIO with O_DIRECT, at most --in-flight at "
      "once; logs each submission and completion (CLOCK_MONOTONIC, one realtime anchor) to --log.\n"
      "Read-back mode (--read-back): reads the whole region and lists, per block, its state and "
      "version (binary, to --out)."};
  WriteArgs w;
  ReadBackArgs r;
  std::string log;
  auto* dev = app.add_option("--device", w.device, "Write mode: the block device (or file)");
  auto* rb = app.add_option("--read-back", r.device, "Read-back mode: the device to read");
  dev->excludes(rb);
  app.add_option("--log", log,
                 "Write mode: the log to write; read-back mode: take run id, region and block "
                 "size from this log instead of the options");
  app.add_option("--out", r.out, "Read-back mode: the listing (default -: stdout)");
  std::uint64_t run_id = 0, offset = 0, size = 0;
  std::uint32_t block_size = 4096;
  auto* run = app.add_option("--run-id", run_id, "Run id stamped in (expected from) every block");
  app.add_option("--offset", offset, "Region start in bytes, a multiple of the block size")
      ->capture_default_str();
  app.add_option("--size", size, "Region length in bytes, a multiple of the block size");
  app.add_option("--block-size", block_size, "Block size in bytes (512..1 MiB, a multiple of 512)")
      ->capture_default_str()
      ->check(CLI::Range(512u, 1u << 20));
  app.add_option("--seed", w.seed, "Seed of the block order and the payloads")->capture_default_str();
  app.add_option("--rate", w.rate, "Scheduled writes per second")
      ->capture_default_str()
      ->check(CLI::Range(1u, 1000000u));
  app.add_option("--in-flight", w.in_flight, "At most this many writes outstanding")
      ->capture_default_str()
      ->check(CLI::Range(1u, 4096u));
  app.add_option("--duration", w.duration_s, "Seconds of load")
      ->capture_default_str()
      ->check(CLI::Range(0.001, 86400.0));
  app.add_option("--drain", w.drain_s, "Seconds to wait for outstanding writes after the load")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 3600.0));
  app.add_option("--late-ms", w.late_ms,
                 "A slot the program reaches later than this is logged as missed, not sent late")
      ->capture_default_str();
  app.add_flag("--dsync", w.dsync, "Open with O_DSYNC: every write carries FUA");

  Args out;
  try {
    app.parse(argc, argv);
    if (dev->count() == 0 && rb->count() == 0)
      throw CLI::ValidationError("one of --device (write) or --read-back (read) is required");
    if (block_size % 512 != 0) throw CLI::ValidationError("--block-size: not a multiple of 512");
    if (dev->count()) {
      if (log.empty()) throw CLI::ValidationError("write mode needs --log");
      if (size == 0) throw CLI::ValidationError("write mode needs --size");
      w.log = log, w.run_id = run_id, w.offset = offset, w.size = size, w.block_size = block_size;
      if (offset % block_size || size % block_size)
        throw CLI::ValidationError("--offset and --size must be multiples of --block-size");
      out.write = w;
    } else {
      if (!log.empty()) {
        r.log = log;
      } else {
        if (size == 0 || run->count() == 0)
          throw CLI::ValidationError("read-back needs --log, or --size and --run-id");
        if (offset % block_size || size % block_size)
          throw CLI::ValidationError("--offset and --size must be multiples of --block-size");
      }
      r.run_id = run_id, r.offset = offset, r.size = size, r.block_size = block_size;
      out.read_back = r;
    }
  } catch (const CLI::ParseError& e) {
    out.exit_code = app.exit(e);
  }
  return out;
}

}  // namespace harness::ledger
