#include "drivers/ledger/guest/device.hpp"

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace harness::ledger {

int open_device(const std::string& path, int flags, std::uint64_t region_end_bytes) {
  const int fd = ::open(path.c_str(), flags | O_DIRECT | O_CLOEXEC);
  if (fd < 0)
    throw std::runtime_error(path + ": cannot open with O_DIRECT: " + std::strerror(errno));
  struct stat st{};
  std::uint64_t size = 0;
  if (::fstat(fd, &st) == 0 && S_ISBLK(st.st_mode)) {
    if (::ioctl(fd, BLKGETSIZE64, &size) != 0) size = 0;
  } else {
    size = static_cast<std::uint64_t>(st.st_size);
  }
  if (size < region_end_bytes) {
    ::close(fd);
    throw std::runtime_error(path + ": the region ends at byte " + std::to_string(region_end_bytes) +
                             ", past the end of the device (" + std::to_string(size) + " bytes)");
  }
  return fd;
}

unsigned char* aligned_buffer(std::size_t bytes) {
  void* p = nullptr;
  if (::posix_memalign(&p, 4096, bytes) != 0) std::abort();
  std::memset(p, 0, bytes);
  return static_cast<unsigned char*>(p);
}

}  // namespace harness::ledger
