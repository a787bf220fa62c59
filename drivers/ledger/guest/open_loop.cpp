#include "drivers/ledger/guest/open_loop.hpp"

#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <vector>

#include "drivers/ledger/guest/block_order.hpp"
#include "drivers/ledger/guest/device.hpp"
#include "drivers/ledger/guest/linux_aio.hpp"
#include "drivers/ledger/guest/log_writer.hpp"
#include "drivers/ledger/ledger_block.hpp"

namespace harness::ledger {

std::atomic<bool> g_stop{false};

namespace {

std::int64_t now_ns(clockid_t clock) {
  timespec ts{};
  ::clock_gettime(clock, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

std::int64_t mono() { return now_ns(CLOCK_MONOTONIC); }

struct Slot {  // one buffer and the write it carries
  unsigned char* buf = nullptr;
  std::uint64_t seq = 0;
  std::uint64_t block = 0;  // region index
};

}  // namespace

int run_open_loop(const WriteArgs& a) {
  const std::uint64_t blocks = a.size / a.block_size;
  const std::uint64_t first_lba = a.offset / a.block_size;
  if (blocks > 0xFFFFFFFFull) {
    std::fprintf(stderr, "harness-ledger: the region has more than 2^32-1 blocks\n");
    return 2;
  }
  int fd = -1;
  try {
    fd = open_device(a.device, O_RDWR | (a.dsync ? O_DSYNC : 0), a.offset + a.size);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "harness-ledger: %s\n", e.what());
    return 2;
  }
  try {
    LinuxAio aio(a.in_flight);
    LogWriter log(a.log, 100'000'000);

    // Both clocks read back to back (realtime between two monotonic readings, the midpoint
    // kept), so the harness can place monotonic record times on the guest's wall clock.
    LogHeader h{};
    std::memcpy(h.magic, kLogMagic, sizeof h.magic);
    h.version = kLogVersion;
    h.header_size = sizeof(LogHeader);
    h.record_size = sizeof(LogRecord);
    h.block_size = a.block_size;
    h.run_id = a.run_id;
    h.seed = a.seed;
    h.region_first_lba = first_lba;
    h.region_blocks = blocks;
    h.rate_per_s = a.rate;
    h.max_in_flight = a.in_flight;
    h.duration_ns = static_cast<std::int64_t>(a.duration_s * 1e9);
    const std::int64_t m0 = mono(), rt = now_ns(CLOCK_REALTIME), m1 = mono();
    h.anchor_realtime_ns = rt;
    h.anchor_mono_ns = m0 + (m1 - m0) / 2;
    h.start_mono_ns = m1 + 10'000'000;  // the first slot, after the set-up below
    h.flags = a.dsync ? kFlagDsync : 0;
    h.late_limit_ms = a.late_ms;
    std::snprintf(h.device, sizeof h.device, "%s", a.device.c_str());

    std::vector<Slot> slots(a.in_flight);
    std::vector<std::uint32_t> free_slots;
    for (std::uint32_t i = 0; i < a.in_flight; ++i) {
      slots[i].buf = aligned_buffer(a.block_size);
      free_slots.push_back(a.in_flight - 1 - i);
    }
    std::vector<std::uint8_t> busy(static_cast<std::size_t>(blocks), 0);
    BlockOrder order(blocks, a.seed);
    log.header(h);

    const std::int64_t start = h.start_mono_ns;
    const auto n_slots = static_cast<std::uint64_t>(a.duration_s * a.rate);
    const std::int64_t late_ns = static_cast<std::int64_t>(a.late_ms) * 1'000'000;
    auto due = [&](std::uint64_t k) {
      return start + static_cast<std::int64_t>(static_cast<unsigned __int128>(k) * 1'000'000'000 / a.rate);
    };
    std::uint64_t slot = 0, seq = 0;
    std::uint32_t in_flight = 0;
    std::int64_t drain_until = -1;
    std::vector<LinuxAio::Completion> done;

    while (!g_stop.load(std::memory_order_relaxed)) {
      std::int64_t now = mono();
      while (slot < n_slots && due(slot) <= now) {
        const std::uint64_t b = order.at(slot);
        const std::uint64_t lba = first_lba + b;
        MissReason miss{};
        if (now - due(slot) > late_ns) miss = MissReason::late;
        else if (in_flight == a.in_flight) miss = MissReason::in_flight_bound;
        else if (busy[b]) miss = MissReason::block_busy;
        if (miss != MissReason{}) {
          log.record(RecordType::missed, static_cast<std::int32_t>(miss), slot, lba, due(slot));
        } else {
          const std::uint32_t s = free_slots.back();
          Slot& sl = slots[s];
          const std::int64_t t = mono();
          fill_block(sl.buf, a.block_size, a.seed, {a.run_id, lba, seq, t});
          const int err = aio.submit_write(fd, sl.buf, a.block_size, lba * a.block_size, s);
          if (err == 0) {
            free_slots.pop_back();
            sl.seq = seq, sl.block = b;
            busy[b] = 1;
            ++in_flight;
            log.record(RecordType::submit, 0, seq++, lba, t);
          } else {
            log.record(RecordType::missed,
                       static_cast<std::int32_t>(MissReason::submit_error) | (err << 8), slot,
                       lba, due(slot));
          }
        }
        ++slot;
        now = mono();
      }
      if (slot >= n_slots) {
        if (drain_until < 0) drain_until = now + static_cast<std::int64_t>(a.drain_s * 1e9);
        if (in_flight == 0 || now >= drain_until) break;
      }
      const std::int64_t wake = slot < n_slots ? due(slot) : drain_until;
      done.clear();
      // With nothing outstanding io_getevents would only sleep; it sleeps just as well.
      const int err = aio.reap(wake - now, done);
      if (err != 0 && err != EINTR) {
        std::fprintf(stderr, "harness-ledger: io_getevents: %s\n", std::strerror(err));
        break;
      }
      const std::int64_t t = mono();
      for (const auto& c : done) {
        Slot& sl = slots[static_cast<std::size_t>(c.tag)];
        log.record(RecordType::complete, static_cast<std::int32_t>(c.result), sl.seq,
                   first_lba + sl.block, t);
        busy[static_cast<std::size_t>(sl.block)] = 0;
        free_slots.push_back(static_cast<std::uint32_t>(c.tag));
        --in_flight;
      }
      log.maybe_flush(t);
    }
    log.record(RecordType::end, static_cast<std::int32_t>(in_flight), seq, 0, mono());
    log.flush();
    if (in_flight > 0)
      std::fprintf(stderr, "harness-ledger: %u writes still in flight at the end\n", in_flight);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "harness-ledger: %s\n", e.what());
    return 2;
  }
}

}  // namespace harness::ledger
