#pragma once
// Linux native AIO through its raw system calls (no libaio, so the program has no dependency
// beyond libc). With O_DIRECT on a block device io_submit queues the write and returns; the
// completion comes back through io_getevents.
#include <linux/aio_abi.h>

#include <cstdint>
#include <ctime>
#include <vector>

namespace harness::ledger {

class LinuxAio {
 public:
  explicit LinuxAio(unsigned max_events);  // throws std::system_error
  // Leaves the context to process exit: io_destroy waits for outstanding writes, which a
  // stalled device may hold for ever.
  ~LinuxAio() = default;
  LinuxAio(const LinuxAio&) = delete;
  LinuxAio& operator=(const LinuxAio&) = delete;

  // One write of `len` bytes at `offset`; `tag` comes back with its completion. 0 or an errno.
  int submit_write(int fd, const void* buf, std::uint64_t len, std::uint64_t offset,
                   std::uint64_t tag);

  struct Completion {
    std::uint64_t tag;
    std::int64_t result;  // bytes written, or -errno
  };
  // Waits until at least one completion or `timeout_ns`; appends what came to `out`.
  // Returns 0 or an errno (EINTR: a signal).
  int reap(std::int64_t timeout_ns, std::vector<Completion>& out);

 private:
  aio_context_t ctx_ = 0;
  unsigned max_events_;
  std::vector<io_event> events_;
};

}  // namespace harness::ledger
