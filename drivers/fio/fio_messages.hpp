#pragma once
// fio's stderr, as the guest-side runner saves it: every line prefixed with the guest's
// wall-clock time in microseconds when the line was read ("<us> <line>", bash $EPOCHREALTIME).
// fio has no per-I/O record of failed I/Os other than these messages (the latency log holds
// successful completions only, the JSON only totals), so they are where errored io events come
// from. Lines fio 3.33 prints (verify.c, io_u.c):
//   fio: io_u error on file /dev/dm-0: Input/output error: write offset=4096, buflen=4096
//   verify: bad magic header 0, wanted acca at file F offset 2076672, length 4096 (requested ...)
//   crc32c: verify failed at file F offset 6381568, length 4096 (requested block: ...)
//          Expected CRC: 34643e0e          <- continuation lines, indented
// A stamp is when the runner read the line: at most a pipe buffer (64 KiB, ~500 lines) behind
// fio when errors come faster than the runner reads, otherwise within microseconds.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace harness {

struct FioIoError {
  std::int64_t guest_realtime_ns = 0;  // 0 if the line had no stamp
  std::string ddir;                    // read, write, trim, sync, ...
  int error = 0;                       // errno (from the message text); -1 if not recognised
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
};

struct FioVerifyFailure {
  std::int64_t guest_realtime_ns = 0;
  std::uint64_t offset = 0;            // the block's offset ("at file F offset N")
  std::string message;                 // the line and its continuation lines
};

struct FioMessages {
  std::vector<FioIoError> io_errors;
  std::vector<FioVerifyFailure> verify_failures;
  std::vector<std::string> other;      // anything else (warnings, fatal job errors), unstamped
  std::uint64_t lines = 0;
};

// Parses the runner's stamped stderr; unstamped lines are accepted (stamp 0).
FioMessages parse_fio_messages(std::string_view text);

// Distinct blocks (offsets) among the verify failures / I/O errors: fio reports a block again
// each time it reads it (the readback's padding re-reads, verify_backlog may re-verify), so
// counts of bad blocks use these.
std::size_t distinct_verify_blocks(const FioMessages& m);
std::size_t distinct_error_blocks(const FioMessages& m);

// errno of a strerror() text in the C locale ("Input/output error" → 5), -1 if unknown.
int errno_from_text(std::string_view text);

}  // namespace harness
