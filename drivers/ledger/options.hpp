#pragma once
// The ledger's scenario keys ("workload.ledger", docs/LEDGER.md): the acknowledged-write ledger
// running beside fio on a region of its own, right after fio's. Declared once here and read by
// the scenario parser, the JSON Schema, the workload and the check.
#include <cstdint>
#include <string>

#include "harness/core/option_table.hpp"

namespace harness {

struct LedgerOptions {
  std::string size = "32M";        // the ledger's region, after fio's on the multipath device
  int rate = 200;                  // writes per second, open loop
  int in_flight = 32;              // writes outstanding at most
  int block_size = 4096;
  bool dsync = false;              // O_DSYNC: every write carries FUA
  int late_ms = 100;               // a slot reached later than this is missed, not submitted late
  double drain_s = 30;             // after the load, for writes still outstanding
  double stall_threshold_s = 1;    // the first write slower than this starts the stall
};

const OptionTable<LedgerOptions>& ledger_option_table();

// The region's bytes (the size key), 0 if malformed.
std::uint64_t ledger_region_bytes(const LedgerOptions& o);

}  // namespace harness
