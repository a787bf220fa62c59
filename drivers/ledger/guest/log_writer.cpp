#include "drivers/ledger/guest/log_writer.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

namespace harness::ledger {

LogWriter::LogWriter(const std::string& path, std::int64_t flush_every_ns)
    : flush_every_ns_(flush_every_ns) {
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "open " + path);
  buf_.reserve(1 << 16);
}

LogWriter::~LogWriter() {
  try {
    flush();
  } catch (...) {
  }
  if (fd_ >= 0) ::close(fd_);
}

void LogWriter::header(const LogHeader& h) {
  const auto* p = reinterpret_cast<const unsigned char*>(&h);
  buf_.insert(buf_.end(), p, p + sizeof h);
  flush();
}

void LogWriter::record(RecordType type, std::int32_t result, std::uint64_t seq, std::uint64_t lba,
                       std::int64_t t_mono_ns) {
  LogRecord r{};
  r.type = static_cast<std::uint8_t>(type);
  r.result = result;
  r.seq = seq;
  r.lba = lba;
  r.t_mono_ns = t_mono_ns;
  const auto* p = reinterpret_cast<const unsigned char*>(&r);
  buf_.insert(buf_.end(), p, p + sizeof r);
}

void LogWriter::maybe_flush(std::int64_t now_mono_ns) {
  if (now_mono_ns - last_flush_ns_ >= flush_every_ns_ || buf_.size() >= (1u << 20)) {
    flush();
    last_flush_ns_ = now_mono_ns;
  }
}

void LogWriter::flush() {
  std::size_t done = 0;
  while (done < buf_.size()) {
    const ssize_t n = ::write(fd_, buf_.data() + done, buf_.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::system_error(errno, std::generic_category(), "write log");
    }
    done += static_cast<std::size_t>(n);
  }
  buf_.clear();
}

}  // namespace harness::ledger
