#include "drivers/ledger/options.hpp"

#include <vector>

#include <fmt/format.h>

#include "drivers/fio/options.hpp"

namespace harness {
namespace {

bool is_valid_region_size(std::string_view s) {
  const auto bytes = parse_fio_size(s);
  return bytes && *bytes >= 1024 * 1024 && *bytes % (64 * 1024) == 0;
}

std::vector<OptionProblem> cross_check(const LedgerOptions& o) {
  std::vector<OptionProblem> out;
  if (o.block_size % 512 != 0)
    out.push_back({"block_size", "a multiple of 512", fmt::format("{} (a number)", o.block_size)});
  const std::uint64_t bytes = ledger_region_bytes(o);
  if (bytes % static_cast<std::uint64_t>(o.block_size) != 0)
    out.push_back({"size", fmt::format("a multiple of block_size ({} bytes)", o.block_size),
                   fmt::format("\"{}\" (a string)", o.size)});
  // One write per block at a time (the checker relies on it): more in flight than blocks
  // would only ever be refused as "block busy".
  if (o.block_size > 0 && bytes / static_cast<std::uint64_t>(o.block_size) <
                              static_cast<std::uint64_t>(o.in_flight))
    out.push_back({"in_flight", "at most the region's number of blocks",
                   fmt::format("{} (a number)", o.in_flight)});
  return out;
}

}  // namespace

const OptionTable<LedgerOptions>& ledger_option_table() {
  using K = OptionKind;
  using O = LedgerOptions;
  static const OptionTable<O> table{
      "ledger",
      {
          {&O::size,
           {.key = "size", .kind = K::text, .valid = &is_valid_region_size,
            .expected = "a size such as \"32M\" (at least 1M, a multiple of 64k; k, m, g are "
                        "powers of 1024)",
            .pattern = "^[1-9][0-9]{0,11}[kKmMgG]?$",
            .doc = "The ledger's region, placed right after fio's on the multipath device."}},
          {&O::rate,
           {.key = "rate", .kind = K::integer, .min = 1, .max = 100000, .unit = "writes/s",
            .doc = "Writes per second, submitted open loop: on time whatever the completions do."}},
          {&O::in_flight,
           {.key = "in_flight", .kind = K::integer, .min = 1, .max = 1024,
            .doc = "Writes outstanding at most; a slot beyond it is logged as missed."}},
          {&O::block_size,
           {.key = "block_size", .kind = K::integer, .min = 512, .max = 65536, .unit = "bytes",
            .doc = "Bytes per write: a multiple of 512 (the device's logical block, O_DIRECT)."}},
          {&O::dsync,
           {.key = "dsync", .kind = K::boolean,
            .doc = "Open the device O_DSYNC: every write carries FUA and is acknowledged only "
                   "once on stable storage."}},
          {&O::late_ms,
           {.key = "late_ms", .kind = K::integer, .min = 1, .max = 10000, .unit = "ms",
            .doc = "A slot the program reaches later than this (no CPU, io_submit blocked) is "
                   "logged as missed instead of submitted late."}},
          {&O::drain_s,
           {.key = "drain_s", .kind = K::number, .min = 0, .max = 600, .unit = "s",
            .doc = "After the load, seconds to wait for writes still outstanding."}},
          {&O::stall_threshold_s,
           {.key = "stall_threshold_s", .kind = K::number, .min = 0, .max = 600,
            .min_exclusive = true, .unit = "s",
            .doc = "The first write that takes longer than this starts the open-loop stall."}},
      },
      &cross_check};
  return table;
}

std::uint64_t ledger_region_bytes(const LedgerOptions& o) {
  return parse_fio_size(o.size).value_or(0);
}

}  // namespace harness
