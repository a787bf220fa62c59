#include "drivers/drbd/options.hpp"

namespace harness {

const OptionTable<DrbdOptions>& drbd_option_table() {
  using K = OptionKind;
  using O = DrbdOptions;
  // Ranges follow drbd_limits.h.
  static const OptionTable<O> table{
      "drbd",
      {
          {&O::protocol,
           {.key = "protocol", .kind = K::choice, .values = {"A", "B", "C"},
            .doc = "Replication protocol; C acknowledges a write once both disks have it."}},
          {&O::ping_int_s,
           {.key = "ping_int_s", .kind = K::integer, .min = 1, .max = 120, .unit = "s",
            .live = true,
            .doc = "net ping-int: idle time after which DRBD pings its peer."}},
          {&O::ping_timeout_ds,
           {.key = "ping_timeout_ds", .kind = K::integer, .min = 1, .max = 300, .unit = "ds",
            .live = true,
            .doc = "net ping-timeout: ping reply deadline before the peer is declared lost."}},
          {&O::timeout_ds,
           {.key = "timeout_ds", .kind = K::integer, .min = 1, .max = 600, .unit = "ds",
            .live = true,
            .doc = "net timeout: deadline for an expected reply (e.g. a write ack) before the "
                   "peer is lost; DRBD wants it below ping_int."}},
          {&O::ko_count,
           {.key = "ko_count", .kind = K::integer, .min = 0, .max = 200,
            .live = true,
            .doc = "net ko-count: a peer that does not complete one write in ko-count x timeout "
                   "is expelled (0 = never)."}},
      }};
  return table;
}

std::uint64_t drbd_usable_mib(std::uint64_t disk_mib) {
  // Internal metadata: about 32 KiB of bitmap per GiB, plus activity log and superblock.
  const std::uint64_t reserve_mib = disk_mib / 32768 + 1;
  return disk_mib - reserve_mib;
}

}  // namespace harness
