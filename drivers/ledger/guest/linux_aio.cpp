#include "drivers/ledger/guest/linux_aio.hpp"

#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace harness::ledger {

LinuxAio::LinuxAio(unsigned max_events) : max_events_(max_events), events_(max_events) {
  if (::syscall(SYS_io_setup, max_events, &ctx_) != 0)
    throw std::system_error(errno, std::generic_category(), "io_setup");
}

int LinuxAio::submit_write(int fd, const void* buf, std::uint64_t len, std::uint64_t offset,
                           std::uint64_t tag) {
  iocb cb{};
  cb.aio_data = tag;
  cb.aio_lio_opcode = IOCB_CMD_PWRITE;
  cb.aio_fildes = static_cast<std::uint32_t>(fd);
  cb.aio_buf = reinterpret_cast<std::uint64_t>(buf);
  cb.aio_nbytes = len;
  cb.aio_offset = static_cast<std::int64_t>(offset);
  iocb* list[1] = {&cb};
  const long n = ::syscall(SYS_io_submit, ctx_, 1L, list);
  if (n == 1) return 0;
  return n < 0 ? errno : EAGAIN;
}

int LinuxAio::reap(std::int64_t timeout_ns, std::vector<Completion>& out) {
  if (timeout_ns < 0) timeout_ns = 0;
  timespec ts{static_cast<time_t>(timeout_ns / 1'000'000'000),
              static_cast<long>(timeout_ns % 1'000'000'000)};
  const long n = ::syscall(SYS_io_getevents, ctx_, 1L, static_cast<long>(max_events_),
                           events_.data(), &ts);
  if (n < 0) return errno;
  for (long i = 0; i < n; ++i)
    out.push_back({events_[static_cast<std::size_t>(i)].data, events_[static_cast<std::size_t>(i)].res});
  return 0;
}

}  // namespace harness::ledger
