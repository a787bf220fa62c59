// fio completion-log parsing for one load: 60 s at 2000 IOPS = 120k lines (~5 MB) in fio
// 3.33's lat-log format. Parse only (whole text, and fed in 64 KiB chunks), and the full
// finish() path: parse, track written blocks and append one io event per line to a History.
// Reports ns per line and the process's peak RSS (run one benchmark per process with
// --benchmark_filter to see each one's peak).
#include <sys/resource.h>

#include <cstdint>
#include <string>

#include <benchmark/benchmark.h>

#include "drivers/fio/fio_log.hpp"
#include "harness/core/history.hpp"
#include "harness/core/clock.hpp"

namespace {

using harness::FioLogParser;
using harness::FioLogSample;

constexpr std::int64_t kLines = 120'000;
constexpr std::uint64_t kRegion = 256ull << 20;

double peak_rss_mib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

// Lines like the recordings: writes with a verify read batch every 64, 2000 per second.
const std::string& log_text() {
  static const std::string text = [] {
    std::string t;
    t.reserve(static_cast<std::size_t>(kLines) * 44);
    std::uint64_t x = 88172645463325252ull;  // xorshift: offsets spread like randwrite
    const std::int64_t t0 = 1795588082777;
    char buf[96];
    for (std::int64_t i = 0; i < kLines; ++i) {
      x ^= x << 13, x ^= x >> 7, x ^= x << 17;
      const int ddir = (i / 64) % 2 == 1 ? 0 : 1;
      const std::uint64_t off = (x % (kRegion / 4096)) * 4096;
      const int n = std::snprintf(buf, sizeof buf, "%lld, %llu, %d, 4096, %llu, 0\n",
                                  static_cast<long long>(t0 + i / 2),
                                  static_cast<unsigned long long>(150'000 + x % 400'000), ddir,
                                  static_cast<unsigned long long>(off));
      t.append(buf, static_cast<std::size_t>(n));
    }
    return t;
  }();
  return text;
}

void counters(benchmark::State& state) {
  state.counters["lines"] = static_cast<double>(kLines);
  state.counters["ns_per_line"] = benchmark::Counter(
      static_cast<double>(kLines), benchmark::Counter::kIsIterationInvariantRate |
                                       benchmark::Counter::kInvert);
  state.counters["log_mib"] = static_cast<double>(log_text().size()) / (1 << 20);
  state.counters["peak_rss_mib"] = peak_rss_mib();
}

void BM_ParseWhole(benchmark::State& state) {
  const std::string& text = log_text();
  for (auto _ : state) {
    std::int64_t sum = 0;
    FioLogParser p([&](const FioLogSample& s) { sum += s.value; });
    p.feed(text);
    p.finish();
    benchmark::DoNotOptimize(sum);
  }
  counters(state);
}

void BM_ParseChunked(benchmark::State& state) {
  const std::string_view text = log_text();
  for (auto _ : state) {
    std::int64_t sum = 0;
    FioLogParser p([&](const FioLogSample& s) { sum += s.value; });
    for (std::size_t i = 0; i < text.size(); i += 65536) p.feed(text.substr(i, 65536));
    p.finish();
    benchmark::DoNotOptimize(sum);
  }
  counters(state);
}

// What FioWorkload::finish does per line: written-block tracking and one History event.
void BM_ParseIntoHistory(benchmark::State& state) {
  const std::string& text = log_text();
  for (auto _ : state) {
    harness::History h;
    harness::WrittenBlocks w(kRegion, 4096);
    FioLogParser p([&](const FioLogSample& s) {
      w.apply(s);
      h.add(s.time_ms * harness::kNsPerMs, harness::EventKind::io, "initiator",
            std::string(harness::fio_ddir_name(s.ddir)),
            {{"lat_ns", s.value}, {"bytes", s.bs}, {"offset", s.offset}, {"error", 0}});
    });
    p.feed(text);
    p.finish();
    benchmark::DoNotOptimize(h.size());
  }
  counters(state);
}

BENCHMARK(BM_ParseWhole)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseChunked)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseIntoHistory)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
