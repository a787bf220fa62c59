#include "drivers/ledger/guest/read_back.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <stdexcept>
#include <vector>

#include "drivers/ledger/guest/device.hpp"
#include "drivers/ledger/ledger_block.hpp"

namespace harness::ledger {
namespace {

// Region and run id from a write log's header.
void from_log(const std::string& path, ReadBackArgs& a) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error(path + ": " + std::strerror(errno));
  LogHeader h{};
  const ssize_t n = ::read(fd, &h, sizeof h);
  ::close(fd);
  if (n != static_cast<ssize_t>(sizeof h) || std::memcmp(h.magic, kLogMagic, 8) != 0 ||
      h.version != kLogVersion)
    throw std::runtime_error(path + ": not a harness-ledger log of version " +
                             std::to_string(kLogVersion));
  a.run_id = h.run_id;
  a.block_size = h.block_size;
  a.offset = h.region_first_lba * h.block_size;
  a.size = h.region_blocks * h.block_size;
}

void write_all(int fd, const void* p, std::size_t n) {
  const auto* c = static_cast<const unsigned char*>(p);
  while (n > 0) {
    const ssize_t w = ::write(fd, c, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) throw std::runtime_error(std::string("writing the listing: ") + std::strerror(errno));
    c += w, n -= static_cast<std::size_t>(w);
  }
}

// pread of exactly n bytes: 0 or an errno (EIO for a short read).
int read_exact(int fd, unsigned char* buf, std::size_t n, std::uint64_t off) {
  std::size_t done = 0;
  while (done < n) {
    const ssize_t r = ::pread(fd, buf + done, n - done, static_cast<off_t>(off + done));
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return errno;
    if (r == 0) return EIO;
    done += static_cast<std::size_t>(r);
  }
  return 0;
}

}  // namespace

int run_read_back(const ReadBackArgs& args) {
  ReadBackArgs a = args;
  int fd = -1, out = -1;
  try {
    if (a.log) from_log(*a.log, a);
    fd = open_device(a.device, O_RDONLY, a.offset + a.size);
    out = a.out == "-" ? STDOUT_FILENO
                       : ::open(a.out.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out < 0) throw std::runtime_error(a.out + ": " + std::strerror(errno));

    const std::uint64_t blocks = a.size / a.block_size, first = a.offset / a.block_size;
    ReadBackHeader h{};
    std::memcpy(h.magic, kReadBackMagic, 8);
    h.version = kReadBackVersion;
    h.header_size = sizeof h;
    h.record_size = sizeof(ReadBackRecord);
    h.block_size = a.block_size;
    h.run_id = a.run_id;
    h.region_first_lba = first;
    h.region_blocks = blocks;
    std::snprintf(h.device, sizeof h.device, "%s", a.device.c_str());
    write_all(out, &h, sizeof h);

    const std::uint64_t per_chunk = std::max<std::uint64_t>(1, (1u << 20) / a.block_size);
    unsigned char* buf = aligned_buffer(per_chunk * a.block_size);
    std::vector<ReadBackRecord> recs;
    // A device that refuses every read (a standby path group) would cost a retried read per
    // block: once a whole chunk failed block by block, the next failed chunk is taken whole.
    bool refusing = false;
    for (std::uint64_t b = 0; b < blocks; b += per_chunk) {
      const std::uint64_t n = std::min(per_chunk, blocks - b);
      std::vector<int> errs(n, 0);
      const int chunk_err = read_exact(fd, buf, n * a.block_size, (first + b) * a.block_size);
      if (chunk_err != 0 && refusing) {
        errs.assign(n, chunk_err);
      } else if (chunk_err != 0) {
        refusing = true;
        for (std::uint64_t i = 0; i < n; ++i) {
          errs[i] = read_exact(fd, buf + i * a.block_size, a.block_size,
                               (first + b + i) * a.block_size);
          refusing = refusing && errs[i] != 0;
        }
      } else {
        refusing = false;
      }
      recs.clear();
      for (std::uint64_t i = 0; i < n; ++i) {
        ReadBackRecord r{};
        r.block = static_cast<std::uint32_t>(b + i);
        if (errs[i] != 0) {
          r.state = static_cast<std::uint8_t>(BlockState::unreadable);
          r.err = static_cast<std::uint16_t>(errs[i]);
        } else {
          const BlockVerdict v = inspect_block(buf + i * a.block_size, a.block_size, a.run_id,
                                               first + b + i);
          r.state = static_cast<std::uint8_t>(v.state);
          r.seq = v.seq;
          r.crc32c = v.raw_crc32c;
        }
        recs.push_back(r);
      }
      write_all(out, recs.data(), recs.size() * sizeof(ReadBackRecord));
    }
    if (out != STDOUT_FILENO) ::close(out);
    ::close(fd);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "harness-ledger: %s\n", e.what());
    return 2;
  }
}

}  // namespace harness::ledger
