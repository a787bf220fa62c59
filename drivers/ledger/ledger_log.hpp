#pragma once
// The parser of harness-ledger's binary log (layout: ledger_format.hpp, docs/LEDGER.md) into
// the checker's values. Strict about what would make the ledger lie (a completion of a write
// never submitted, a record after the end, a block outside the region): LabError naming the
// file, the record and its byte offset. A log cut short (the program killed, the last buffer
// never written) is not an error: the writes it lists are kept, end_ns stays kNever and the
// bytes of a partial last record are counted.
#include <cstdint>
#include <string>
#include <string_view>

#include "drivers/ledger/events.hpp"
#include "drivers/ledger/ledger_format.hpp"

namespace harness::ledger {

struct LedgerLog {
  LogHeader header{};
  Ledger ledger;                     // writes, missed slots, region; no views
  std::uint64_t records = 0;
  std::uint64_t trailing_bytes = 0;  // of a partial last record
  std::uint32_t in_flight_at_end = 0;  // as the end record says
  std::string device;                // the header's device path
};

// `source` names the file in errors. Times stay on the guest's monotonic clock.
LedgerLog parse_ledger_log(std::string_view bytes, const std::string& source);

// Guest monotonic ns of the log → guest realtime ns, through the header's anchor.
inline std::int64_t log_mono_to_realtime(const LogHeader& h, std::int64_t mono_ns) {
  return mono_ns - h.anchor_mono_ns + h.anchor_realtime_ns;
}

}  // namespace harness::ledger
