#pragma once
// fio's per-I/O latency log (write_lat_log with log_avg_msec=0, log_offset=1), one line per
// successful completion:
//     time_ms, value, ddir, bs, offset, prio          (fio 3.33: 6 columns)
//     time_ms, value, ddir, bs, offset                (older fio without the prio column)
// time_ms is wall-clock milliseconds with log_unix_epoch=1, value the latency in ns, ddir 0
// read, 1 write, 2 trim. fio stamps a sample as (job start, truncated to ms) + (elapsed since
// then, truncated to ms), so the completion happened in [time_ms, time_ms + 2 ms).
// Failed I/Os are not in this log (fio logs only completions without error); they come from
// fio's stderr (fio_messages.hpp).
//
// Parsing is allocation-free per line and streaming: feed() takes chunks split anywhere.
// A 60 s run at 2000 IOPS is 120k lines (~5 MB); bench/fio_log_bench.cpp measures it.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/fio/fio_job.hpp"

namespace harness {

struct FioLogSample {
  std::int64_t time_ms = 0;   // column 1
  std::int64_t value = 0;     // column 2: latency in ns for lat/clat/slat logs
  int ddir = 0;               // column 3: 0 read, 1 write, 2 trim
  std::uint64_t bs = 0;       // column 4: bytes
  std::uint64_t offset = 0;   // column 5: bytes from the start of the file
  std::uint32_t prio = 0;     // column 6 when present
};

// Where fio's truncations put the completion, relative to time_ms: the middle of the 2 ms
// window (error bound ±1 ms, on top of the clock-offset bound).
inline constexpr std::int64_t kFioLogStampMidpointNs = 1'000'000;

// "read", "write", "trim" (EVENTS.md io.what), "ddir<N>" for anything else.
std::string_view fio_ddir_name(int ddir);

// Parses one line without its '\n' (a trailing '\r' is tolerated). False if malformed.
bool parse_fio_log_line(std::string_view line, FioLogSample& out);

class FioLogParser {
 public:
  using Handler = std::function<void(const FioLogSample&)>;
  explicit FioLogParser(Handler on_sample) : on_sample_(std::move(on_sample)) {}

  // Any split of the text; complete lines are parsed at once, a partial one is kept.
  void feed(std::string_view chunk);
  // End of input: parses a last line that had no '\n'.
  void finish();

  std::uint64_t samples() const { return samples_; }
  std::uint64_t malformed() const { return malformed_; }
  // "line N: <text>" of the first malformed line, empty if none.
  const std::string& first_malformed() const { return first_malformed_; }

 private:
  void line(std::string_view l);

  Handler on_sample_;
  std::string partial_;
  std::uint64_t line_no_ = 0;
  std::uint64_t samples_ = 0;
  std::uint64_t malformed_ = 0;
  std::string first_malformed_;
};

// Which blocks of the region hold data written by the load and not trimmed since: the set the
// readback verifies. Blocks are the spec's bs; samples are applied in completion order.
class WrittenBlocks {
 public:
  WrittenBlocks() = default;
  WrittenBlocks(std::uint64_t region_bytes, std::uint64_t bs);

  // A write marks its blocks, a trim clears them, a read changes nothing. Samples outside the
  // region or not block-aligned are counted in stray() and otherwise ignored.
  void apply(const FioLogSample& s);
  std::uint64_t blocks() const { return count_; }
  std::uint64_t bytes() const { return count_ * bs_; }
  std::uint64_t stray() const { return stray_; }
  std::uint64_t bs() const { return bs_; }
  // Runs of written blocks, ascending, each at most `max_bytes` (a multiple of bs) long.
  std::vector<FioExtent> extents(std::uint64_t max_bytes) const;

 private:
  std::uint64_t bs_ = 0;
  std::vector<bool> bits_;
  std::uint64_t count_ = 0;
  std::uint64_t stray_ = 0;
};

}  // namespace harness
