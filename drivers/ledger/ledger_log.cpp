#include "drivers/ledger/ledger_log.hpp"

#include <cstring>

#include <fmt/format.h>

#include "drivers/ledger/versioned_header.hpp"
#include "harness/core/errors.hpp"

namespace harness::ledger {
namespace {

[[noreturn]] void bad(const std::string& source, const std::string& what) {
  bad_file(source, "log", what);
}

}  // namespace

LedgerLog parse_ledger_log(std::string_view bytes, const std::string& source) {
  LedgerLog out;
  LogHeader& h = out.header;
  h = read_versioned_header<LogHeader, LogRecord>(bytes, source, "log", kLogMagic, kLogVersion);
  if (h.block_size == 0 || h.region_blocks == 0 || h.region_blocks > 0xFFFFFFFFull)
    bad(source, fmt::format("block size {}, region of {} blocks", h.block_size, h.region_blocks));

  Ledger& l = out.ledger;
  l.run_id = h.run_id;
  l.block_size = h.block_size;
  l.region_first_lba = h.region_first_lba;
  l.region_blocks = h.region_blocks;
  l.start_ns = h.start_mono_ns;
  l.rate_per_s = h.rate_per_s;
  out.device.assign(h.device, strnlen(h.device, sizeof h.device));

  const std::string_view body = bytes.substr(h.header_size);
  out.records = body.size() / sizeof(LogRecord);
  out.trailing_bytes = body.size() % sizeof(LogRecord);
  // Every slot of the schedule is at most one submit and one completion.
  l.writes.reserve(static_cast<std::size_t>(out.records / 2 + 1));
  for (std::uint64_t i = 0; i < out.records; ++i) {
    LogRecord r;
    const std::size_t at = static_cast<std::size_t>(i * sizeof r);
    std::memcpy(&r, body.data() + at, sizeof r);
    auto fail = [&](const std::string& what) {
      bad(source, fmt::format("record {} (byte {}): {}", i, h.header_size + at, what));
    };
    if (l.end_ns != kNever) fail("a record after the end record");
    const auto type = static_cast<RecordType>(r.type);
    if (type == RecordType::submit || type == RecordType::complete) {
      if (r.lba < h.region_first_lba || r.lba - h.region_first_lba >= h.region_blocks)
        fail(fmt::format("LBA {} outside the region [{}, {})", r.lba, h.region_first_lba,
                         h.region_first_lba + h.region_blocks));
    }
    switch (type) {
      case RecordType::submit: {
        if (r.seq != l.writes.size())
          fail(fmt::format("submit of write {}, expected write {}", r.seq, l.writes.size()));
        LedgerWrite w;
        w.submit_ns = r.t_mono_ns;
        w.block = static_cast<std::uint32_t>(r.lba - h.region_first_lba);
        l.writes.push_back(w);
        break;
      }
      case RecordType::complete: {
        if (r.seq >= l.writes.size()) fail(fmt::format("completion of write {}, never submitted", r.seq));
        LedgerWrite& w = l.writes[static_cast<std::size_t>(r.seq)];
        if (w.complete_ns != kNever) fail(fmt::format("a second completion of write {}", r.seq));
        if (w.block != r.lba - h.region_first_lba)
          fail(fmt::format("completion of write {} at LBA {}, submitted at LBA {}", r.seq, r.lba,
                           h.region_first_lba + w.block));
        w.complete_ns = r.t_mono_ns;
        w.result = r.result;
        break;
      }
      case RecordType::missed:
        switch (static_cast<MissReason>(r.result & 0xFF)) {
          case MissReason::in_flight_bound: ++l.missed.in_flight_bound; break;
          case MissReason::block_busy: ++l.missed.block_busy; break;
          case MissReason::late: ++l.missed.late; break;
          case MissReason::submit_error: ++l.missed.submit_error; break;
          default: fail(fmt::format("missed slot with reason {}", r.result));
        }
        break;
      case RecordType::end:
        l.end_ns = r.t_mono_ns;
        out.in_flight_at_end = static_cast<std::uint32_t>(r.result);
        if (r.seq != l.writes.size())
          fail(fmt::format("the end record counts {} writes, the log {}", r.seq, l.writes.size()));
        break;
      default:
        fail(fmt::format("unknown record type {}", r.type));
    }
  }
  return out;
}

}  // namespace harness::ledger
