#pragma once
// The ledger check (docs/LEDGER.md): a register check per block, in the spirit of Jepsen's.
// A block must hold its last acknowledged version, or a later version whose write was never
// acknowledged: in flight at the end, or failed with an error (a failed write's data may have
// reached the medium: SCSI gives no guarantee either way, so holding it is not a fault, only
// counted). Everything else is a finding, judged per view of the region:
//   lost        the device view (the multipath device the load wrote through) holds an older
//               version than the last acknowledged one, or nothing of this run
//   stale       a path group's devices or a DRBD peer's backing device does (it would serve a
//               reader an older version than one already acknowledged)
//   torn        a block of this run whose checksum is wrong, on any view
//   misplaced   a valid block of this run at another LBA than its own (a misdirected write)
//   unexplained a valid block whose version the log does not have for that block
//   divergent   the DRBD peers' backing devices differ for the block
//   unreadable  the read failed: a finding on the device view, counted on the others (a standby
//               path group may refuse reads by design)
// and, apart from the blocks, writes that failed with an error (against failed_writes_max).
// The stall start is the submission time of the first write that did not complete within
// stall_threshold_ns (open loop: submissions go on during a stall, so this is when it began).
// Pure: values in, verdict out; times are the ledger's (mapped to the host clock by the producer).
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "drivers/ledger/events.hpp"
#include "harness/core/check_result.hpp"

namespace harness {

struct LedgerCheckOptions {
  std::int64_t stall_threshold_ns = 1'000'000'000;
  std::int64_t failed_writes_max = 0;
  std::size_t examples = 5;  // evidence kept per kind of finding
};

enum class LedgerFindingKind : std::uint8_t {
  lost, stale, torn, misplaced, unexplained, divergent, unreadable, count_
};
const char* to_string(LedgerFindingKind k);
inline constexpr std::size_t kLedgerFindingKinds = static_cast<std::size_t>(LedgerFindingKind::count_);

// One block of one view that broke the rule (divergent: the first peer's view, others in detail).
struct LedgerFinding {
  LedgerFindingKind kind{};
  std::string view;
  std::uint32_t block = 0;
  std::uint64_t lba = 0;
  std::optional<std::uint64_t> expected_seq;   // the last acknowledged write
  std::int64_t expected_ack_ns = ledger::kNever;
  ledger::BlockState found = ledger::BlockState::blank;
  std::uint64_t found_seq = 0;
  std::string detail;                          // divergent: what each peer holds; unreadable: errno
};

struct LedgerStall {
  std::uint64_t seq = 0;
  std::uint32_t block = 0;
  std::int64_t submit_ns = 0;
  std::int64_t complete_ns = ledger::kNever;  // kNever: never completed
};

struct LedgerReport {
  std::uint64_t writes = 0, acknowledged = 0, in_flight = 0, failed = 0;
  std::uint64_t in_flight_present = 0, in_flight_absent = 0;  // on the first device view
  std::uint64_t failed_present = 0, failed_absent = 0;
  std::array<std::uint64_t, kLedgerFindingKinds> findings{};   // counts, all views
  std::uint64_t unreadable_elsewhere = 0;  // unreadable blocks on path and peer views (counted)
  std::vector<LedgerFinding> examples;     // the first few of each kind
  std::vector<std::uint64_t> failed_examples;  // seqs of the first failed writes
  std::optional<LedgerStall> stall;
  std::vector<std::string> problems;       // why the ledger cannot be judged in full
  std::uint64_t count(LedgerFindingKind k) const { return findings[static_cast<std::size_t>(k)]; }
};

LedgerReport check_ledger(const ledger::Ledger& ledger, const LedgerCheckOptions& options);

// The report as a check result named "ledger": verdict, one-line summary, the counts as metrics
// and the examples as evidence entries shaped like History events (kind verify, what
// ledger_<finding>, t_ns the acknowledgement of the expected version, else the first slot).
CheckResult ledger_check_result(const ledger::Ledger& ledger, const LedgerReport& report,
                                const LedgerCheckOptions& options);

}  // namespace harness
