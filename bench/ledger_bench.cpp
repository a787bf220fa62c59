// The ledger's host-side cost: the checker on a generated ledger of 10,000,000 writes over a
// 256 MiB region (65,536 blocks of 4 KiB) with a device view, two path groups and two peers,
// and the parsers' throughput on a generated log of 1,000,000 writes and a 256 MiB region's
// read-back listing. Reports the process's peak RSS: run one benchmark per process
// (--benchmark_filter) to see each one's own peak.
#include <sys/resource.h>

#include <cstdint>
#include <cstring>
#include <string>

#include <benchmark/benchmark.h>

#include "drivers/ledger/ledger_format.hpp"
#include "drivers/ledger/ledger_log.hpp"
#include "drivers/ledger/read_back_listing.hpp"
#include "harness/checks/ledger_check.hpp"

namespace {

using namespace harness;
using namespace harness::ledger;

constexpr std::uint64_t kBlocks = 65'536;

double peak_rss_mib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

// Writes at 1000/s spread over the region (a stride coprime with its size), each acknowledged
// 2 ms later but for one in 10,000 still in flight; views holding the last acknowledged.
Ledger make_ledger(std::uint64_t writes) {
  Ledger l;
  l.region_blocks = kBlocks;
  l.writes.resize(static_cast<std::size_t>(writes));
  for (std::uint64_t s = 0; s < writes; ++s) {
    LedgerWrite& w = l.writes[static_cast<std::size_t>(s)];
    w.block = static_cast<std::uint32_t>((s * 40'503) % kBlocks);
    w.submit_ns = static_cast<std::int64_t>(s) * 1'000'000;
    const bool pending = s % 10'000 == 9'999 && s + kBlocks >= writes;
    w.complete_ns = pending ? kNever : w.submit_ns + 2'000'000;
    w.result = 4096;
  }
  l.end_ns = static_cast<std::int64_t>(writes) * 1'000'000;
  ReadBackView v{"multipath", ViewRole::device, std::vector<ReadBackBlock>(kBlocks)};
  for (std::uint64_t s = 0; s < writes; ++s)
    if (l.writes[static_cast<std::size_t>(s)].complete_ns != kNever)
      v.blocks[l.writes[static_cast<std::size_t>(s)].block] = {s, static_cast<std::uint32_t>(s),
                                                                 BlockState::ok, 0};
  l.views.push_back(v);
  for (const char* name : {"path group n1", "path group n2"}) {
    v.name = name, v.role = ViewRole::path;
    l.views.push_back(v);
  }
  for (const char* name : {"peer n1", "peer n2"}) {
    v.name = name, v.role = ViewRole::peer;
    l.views.push_back(v);
  }
  return l;
}

void BM_CheckTenMillionWrites(benchmark::State& state) {
  const Ledger l = make_ledger(10'000'000);
  for (auto _ : state) {
    LedgerReport r = check_ledger(l, {});
    if (r.acknowledged == 0 || r.count(LedgerFindingKind::lost) != 0) state.SkipWithError("wrong");
    benchmark::DoNotOptimize(r);
  }
  state.counters["writes"] = 1e7;
  state.counters["ns_per_write"] = benchmark::Counter(
      1e7, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
  state.counters["ledger_mib"] = static_cast<double>(l.writes.size() * sizeof(LedgerWrite)) / (1 << 20);
  state.counters["peak_rss_mib"] = peak_rss_mib();
}
BENCHMARK(BM_CheckTenMillionWrites)->Unit(benchmark::kMillisecond);

// The log the program would write for `writes` writes: a submit and a completion each.
std::string make_log(std::uint64_t writes) {
  LogHeader h{};
  std::memcpy(h.magic, kLogMagic, 8);
  h.version = kLogVersion;
  h.header_size = sizeof h;
  h.record_size = sizeof(LogRecord);
  h.block_size = 4096;
  h.region_blocks = kBlocks;
  std::string out(sizeof h + writes * 2 * sizeof(LogRecord) + sizeof(LogRecord), '\0');
  std::memcpy(out.data(), &h, sizeof h);
  std::size_t at = sizeof h;
  auto put = [&](RecordType t, std::int32_t res, std::uint64_t seq, std::uint64_t lba, std::int64_t ts) {
    LogRecord r{};
    r.type = static_cast<std::uint8_t>(t), r.result = res, r.seq = seq, r.lba = lba, r.t_mono_ns = ts;
    std::memcpy(out.data() + at, &r, sizeof r);
    at += sizeof r;
  };
  // Completions trail submissions by 8: interleaved as an open loop logs them.
  for (std::uint64_t s = 0; s < writes + 8; ++s) {
    if (s < writes) put(RecordType::submit, 0, s, (s * 40'503) % kBlocks, static_cast<std::int64_t>(s) * 1000);
    if (s >= 8) put(RecordType::complete, 4096, s - 8, ((s - 8) * 40'503) % kBlocks, static_cast<std::int64_t>(s) * 1000);
  }
  put(RecordType::end, 0, writes, 0, static_cast<std::int64_t>(writes) * 1000 + 1);
  return out;
}

void BM_ParseLogMillionWrites(benchmark::State& state) {
  const std::string log = make_log(1'000'000);
  for (auto _ : state) {
    LedgerLog l = parse_ledger_log(log, "bench.log");
    if (l.ledger.writes.size() != 1'000'000) state.SkipWithError("wrong");
    benchmark::DoNotOptimize(l);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * log.size()));
  state.counters["records"] = 2e6;
  state.counters["ns_per_record"] = benchmark::Counter(
      2e6, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
  state.counters["log_mib"] = static_cast<double>(log.size()) / (1 << 20);
  state.counters["peak_rss_mib"] = peak_rss_mib();
}
BENCHMARK(BM_ParseLogMillionWrites)->Unit(benchmark::kMillisecond);

void BM_ParseReadBack256MiB(benchmark::State& state) {
  ReadBackHeader h{};
  std::memcpy(h.magic, kReadBackMagic, 8);
  h.version = kReadBackVersion;
  h.header_size = sizeof h;
  h.record_size = sizeof(ReadBackRecord);
  h.block_size = 4096;
  h.region_blocks = kBlocks;
  std::string bytes(sizeof h + kBlocks * sizeof(ReadBackRecord), '\0');
  std::memcpy(bytes.data(), &h, sizeof h);
  for (std::uint32_t b = 0; b < kBlocks; ++b) {
    ReadBackRecord r{};
    r.block = b, r.seq = b, r.state = static_cast<std::uint8_t>(BlockState::ok);
    std::memcpy(bytes.data() + sizeof h + b * sizeof r, &r, sizeof r);
  }
  for (auto _ : state) {
    ReadBackListing l = parse_read_back(bytes, "bench.bin");
    benchmark::DoNotOptimize(l);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes.size()));
  state.counters["blocks"] = static_cast<double>(kBlocks);
  state.counters["peak_rss_mib"] = peak_rss_mib();
}
BENCHMARK(BM_ParseReadBack256MiB)->Unit(benchmark::kMicrosecond);

}  // namespace
