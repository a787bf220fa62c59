#pragma once
// What the ledger workload tells the checks: its writes and what the blocks held afterwards,
// as plain values. Too many for History events (a minute at 1000 writes/s is 60,000 writes,
// and a check runs on ten million in the benchmark), so the checker takes them as they are
// (harness/checks/ledger_check.hpp). Dependency-free: the guest program shares BlockState.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace harness::ledger {

// What a block holds, as the reader judged it (the read-back listing's state byte).
enum class BlockState : std::uint8_t {
  ok = 1,          // a block of this run, its own LBA, checksum right: seq is its version
  blank = 2,       // all zeros: never written (or zeroed)
  foreign = 3,     // not a ledger block, or another run's
  torn = 4,        // a block of this run whose checksum is wrong: seq as its header says
  misplaced = 5,   // a valid block of this run carrying another LBA: seq is its version
  unreadable = 6,  // the read failed: err is the errno
};
const char* to_string(BlockState s);

inline constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::min();

// One write, by its sequence number (its index in Ledger::writes). Times on one clock, the
// producer's choice (the guest's monotonic clock from the parser; the host's after mapping).
struct LedgerWrite {
  std::int64_t submit_ns = 0;
  std::int64_t complete_ns = kNever;  // kNever: no completion logged, still in flight at the end
  std::uint32_t block = 0;            // index in the region
  std::int32_t result = 0;            // bytes written, or -errno (when completed)
};

// One block as a reader found it (index in the region = index in ReadBackView::blocks).
struct ReadBackBlock {
  std::uint64_t seq = 0;      // the version found (ok, torn, misplaced)
  std::uint32_t crc32c = 0;   // of the whole block as read: equal contents, equal crc
  BlockState state = BlockState::blank;
  std::uint16_t err = 0;      // errno of an unreadable block
};

// Who served a read-back: the device the load wrote through (the multipath device), one
// path group's devices, or one DRBD peer's backing device.
enum class ViewRole : std::uint8_t { device, path, peer };
const char* to_string(ViewRole r);

struct ReadBackView {
  std::string name;  // e.g. "multipath /dev/dm-0", "path group n2 (sdc)", "peer n1 /dev/vdb"
  ViewRole role = ViewRole::device;
  std::vector<ReadBackBlock> blocks;
};

// Slots the schedule reached but did not submit, by reason (the log's missed records).
struct MissedSlots {
  std::uint64_t in_flight_bound = 0, block_busy = 0, late = 0, submit_error = 0;
  std::uint64_t total() const { return in_flight_bound + block_busy + late + submit_error; }
};

struct Ledger {
  std::uint64_t run_id = 0;
  std::uint32_t block_size = 4096;
  std::uint64_t region_first_lba = 0;  // block-size units
  std::uint64_t region_blocks = 0;
  std::int64_t start_ns = 0;           // the first slot's time
  std::int64_t end_ns = kNever;        // the end record's time; kNever: the log stops short
  std::uint32_t rate_per_s = 0;
  std::vector<LedgerWrite> writes;     // by seq
  MissedSlots missed;
  std::vector<ReadBackView> views;
};

// Writes held past a threshold, as the open loop sees a stall: writes that completed later than
// `threshold_ns` after their submission, or never completed while the log ran on past it,
// grouped while their spans (submission to completion) overlap.
struct LateEpisode {
  std::uint64_t first_seq = 0;
  std::int64_t first_submit_ns = 0;  // when service stopped, to the precision of the rate
  std::int64_t last_complete_ns = kNever;  // kNever: one of them never completed
  std::uint64_t writes = 0;
};
std::vector<LateEpisode> late_episodes(const Ledger& ledger, std::int64_t threshold_ns);

// The "verify/ledger_log" event's episodes (what the path-switch check reads), on the clock of
// the ledger given (the host's once shifted); at most `max` of them, the longest held first
// kept, in time order.
std::vector<LateEpisode> longest_episodes(std::vector<LateEpisode> all, std::size_t max);

}  // namespace harness::ledger
