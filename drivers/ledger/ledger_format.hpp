#pragma once
// The ledger's three binary layouts, shared by the guest program (drivers/ledger/guest/) and the
// host's parsers: the block it writes, the log of its submissions and completions, and the
// read-back listing. docs/LEDGER.md describes them field by field; a change of layout bumps the
// version in the header it concerns. All integers little-endian (x86-64 guests and host), laid
// out with explicit padding so the structs are the bytes on disk. Depends on nothing but the
// standard library: the guest program links it statically.
#include <cstdint>

#include "drivers/ledger/events.hpp"

namespace harness::ledger {

// ---- The block written to the device (the first 48 bytes of every block) ----
inline constexpr std::uint64_t kBlockMagic = 0x314B4C4247444C48ull;  // "HLDGBLK1"
inline constexpr std::uint32_t kDefaultBlockSize = 4096;

struct BlockHeader {
  std::uint64_t magic;           // kBlockMagic
  std::uint64_t run_id;          // the run that wrote it
  std::uint64_t lba;             // the block's own number on the device, in block-size units
  std::uint64_t seq;             // the write's sequence number: the version, unique in the run
  std::int64_t submit_mono_ns;   // CLOCK_MONOTONIC of the guest when the write was prepared
  std::uint32_t block_size;      // bytes, the whole block
  std::uint32_t crc32c;          // CRC32C of the whole block with this field taken as zero
};
static_assert(sizeof(BlockHeader) == 48);
inline constexpr std::uint32_t kBlockCrcOffset = 44;

// ---- The log: a header, then fixed-size records appended as things happen ----
inline constexpr char kLogMagic[8] = {'H', 'L', 'D', 'G', 'L', 'O', 'G', '1'};
inline constexpr std::uint32_t kLogVersion = 1;

struct LogHeader {
  char magic[8];                    // kLogMagic
  std::uint32_t version;            // kLogVersion
  std::uint32_t header_size;        // sizeof(LogHeader): records start here
  std::uint32_t record_size;        // sizeof(LogRecord)
  std::uint32_t block_size;
  std::uint64_t run_id;
  std::uint64_t seed;
  std::uint64_t region_first_lba;   // first block of the region, in block-size units
  std::uint64_t region_blocks;
  std::uint32_t rate_per_s;         // scheduled submissions per second
  std::uint32_t max_in_flight;
  std::int64_t duration_ns;         // scheduled length of the load
  // One reading of both guest clocks, taken together at start: record times are monotonic,
  // and realtime = mono - anchor_mono_ns + anchor_realtime_ns maps them to the guest's wall clock.
  std::int64_t anchor_realtime_ns;
  std::int64_t anchor_mono_ns;
  std::int64_t start_mono_ns;       // the first slot's scheduled time
  std::uint32_t flags;              // kFlagDsync...
  std::uint32_t late_limit_ms;   // a slot later than this is missed, not submitted
  char device[96];                  // the path written to, NUL-padded
};
static_assert(sizeof(LogHeader) == 200);
inline constexpr std::uint32_t kFlagDsync = 1;

enum class RecordType : std::uint8_t {
  submit = 1,    // the write was handed to the kernel (io_submit returned)
  complete = 2,  // its completion was reaped: result = bytes written or -errno
  missed = 3,    // a scheduled slot that was not submitted (reason in result, seq unused)
  end = 4,       // the program stopped: result = writes still in flight, t = when
};

// Why a slot was missed (the result field of a missed record).
enum class MissReason : std::int32_t {
  in_flight_bound = 1,  // max_in_flight writes already outstanding
  block_busy = 2,       // the slot's block still had a write outstanding
  late = 3,             // the program reached the slot too late (io_submit blocked, no CPU)
  submit_error = 4,     // io_submit itself refused (errno in the high bits: result = 4 | errno << 8)
};

struct LogRecord {
  std::uint8_t type;       // RecordType
  std::uint8_t pad[3];
  std::int32_t result;     // complete: bytes or -errno; missed: MissReason; end: in flight
  std::uint64_t seq;       // submit/complete: the write; missed: the slot number
  std::uint64_t lba;       // the block (device LBA in block-size units)
  std::int64_t t_mono_ns;  // CLOCK_MONOTONIC: submit — just before io_submit; complete — reaped
};
static_assert(sizeof(LogRecord) == 32);

// ---- The read-back listing: a header, then one record per block of the region, in order ----
inline constexpr char kReadBackMagic[8] = {'H', 'L', 'D', 'G', 'R', 'B', 'K', '1'};
inline constexpr std::uint32_t kReadBackVersion = 1;

struct ReadBackHeader {
  char magic[8];                 // kReadBackMagic
  std::uint32_t version;         // kReadBackVersion
  std::uint32_t header_size;
  std::uint32_t record_size;
  std::uint32_t block_size;
  std::uint64_t run_id;          // the run whose blocks count as ours
  std::uint64_t region_first_lba;
  std::uint64_t region_blocks;
  char device[96];
};
static_assert(sizeof(ReadBackHeader) == 144);

// The state byte of a record is a BlockState (drivers/ledger/events.hpp).
struct ReadBackRecord {
  std::uint64_t seq;        // the version found (ok, torn, misplaced), else 0
  std::uint32_t block;      // index in the region
  std::uint32_t crc32c;     // of the whole block as read (equal contents, equal crc)
  std::uint8_t state;       // BlockState
  std::uint8_t pad;
  std::uint16_t err;        // errno of an unreadable block
  std::uint32_t pad2;
};
static_assert(sizeof(ReadBackRecord) == 24);

}  // namespace harness::ledger
