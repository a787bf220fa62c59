#pragma once
// Appends the log's header and records to a file, buffered, with a flush at least every
// `flush_every_ns` so a program killed mid-run leaves all but the last moments on disk.
#include <cstdint>
#include <string>
#include <vector>

#include "drivers/ledger/ledger_format.hpp"

namespace harness::ledger {

class LogWriter {
 public:
  // Creates (truncates) `path`; throws std::system_error.
  LogWriter(const std::string& path, std::int64_t flush_every_ns);
  ~LogWriter();
  LogWriter(const LogWriter&) = delete;
  LogWriter& operator=(const LogWriter&) = delete;

  void header(const LogHeader& h);
  void record(RecordType type, std::int32_t result, std::uint64_t seq, std::uint64_t lba,
              std::int64_t t_mono_ns);
  // Writes the buffer out if the last flush is older than flush_every_ns at `now_mono_ns`.
  void maybe_flush(std::int64_t now_mono_ns);
  void flush();  // throws std::system_error

 private:
  int fd_ = -1;
  std::int64_t flush_every_ns_;
  std::int64_t last_flush_ns_ = 0;
  std::vector<unsigned char> buf_;
};

}  // namespace harness::ledger
