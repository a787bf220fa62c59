#pragma once
// DRBD's scenario keys (tunables.drbd.*), rendered into the resource file, and the size of the
// device DRBD makes of a backing disk (what the workload's region must fit in).
#include <cstdint>
#include <string>

#include "harness/core/option_table.hpp"

namespace harness {

struct DrbdOptions {
  std::string protocol = "C";
  double ping_int_s = 2;   // a double so that 2.5 is refused, not truncated
  int ping_timeout_ds = 5;  // tenths of a second
  int timeout_ds = 15;      // tenths of a second
  int ko_count = 7;
};

const OptionTable<DrbdOptions>& drbd_option_table();

// MiB of a DRBD device on a backing disk of `disk_mib`, after its internal metadata.
std::uint64_t drbd_usable_mib(std::uint64_t disk_mib);

}  // namespace harness
