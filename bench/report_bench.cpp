// Report writers on a large run: write_html on a 1,000,000-I/O history (60 s of workload, a link
// cut with a 4.2 s stall, path/ALUA/cluster observations), write_junit on the same run's report
// with its evidence grown to 10,000 events per check, and the timeline model alone (the part that
// scales with the history). Build: cmake --build BUILD --target report_bench;
// run: BUILD/bench/report_bench --benchmark_min_time=1
#include <benchmark/benchmark.h>

#include <filesystem>

#include "reports/timeline_model.hpp"
#include "reports/writers.hpp"
#include "tests/unit/reports/report_fixtures.hpp"

namespace {

using namespace harness;
using namespace harness::testing;

constexpr std::size_t kIos = 1'000'000;

const History& big_history() {
  static const History h = sample_history(kIos);
  return h;
}

std::filesystem::path out_dir() {
  static const auto dir = temp_dir("bench");
  return dir;
}

RunReport big_report() {
  RunReport r = sample_report();
  // Evidence the size a pathological checker might attach: 10,000 events per check.
  const auto events = big_history().events();
  for (auto& c : r.checks) {
    c.evidence = nlohmann::json::array();
    for (std::size_t i = 0; i < 10'000 && i < events.size(); ++i)
      c.evidence.push_back(events[events.size() / 2 + i]);
  }
  return r;
}

void BM_WriteHtml1MIo(benchmark::State& state) {
  const History& h = big_history();
  const RunReport r = sample_report();
  for (auto _ : state) write_html(r, h, out_dir() / "report.html");
  state.counters["bytes"] =
      static_cast<double>(std::filesystem::file_size(out_dir() / "report.html"));
  state.counters["events/s"] =
      benchmark::Counter(static_cast<double>(h.size()), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_WriteHtml1MIo)->Unit(benchmark::kMillisecond);

void BM_HistorySnapshot1MIo(benchmark::State& state) {
  // What write_html pays before its own work: History::events() copies and sorts.
  const History& h = big_history();
  for (auto _ : state) benchmark::DoNotOptimize(h.events());
}
BENCHMARK(BM_HistorySnapshot1MIo)->Unit(benchmark::kMillisecond);

void BM_TimelineModel1MIo(benchmark::State& state) {
  const auto events = big_history().events();
  for (auto _ : state) benchmark::DoNotOptimize(build_timeline(events));
}
BENCHMARK(BM_TimelineModel1MIo)->Unit(benchmark::kMillisecond);

void BM_WriteJunitBigEvidence(benchmark::State& state) {
  const std::vector<RunReport> reports(static_cast<std::size_t>(state.range(0)), big_report());
  for (auto _ : state) write_junit(reports, out_dir() / "junit.xml");
  state.counters["bytes"] =
      static_cast<double>(std::filesystem::file_size(out_dir() / "junit.xml"));
}
BENCHMARK(BM_WriteJunitBigEvidence)->Arg(1)->Arg(10)->Unit(benchmark::kMillisecond);

void BM_WriteJunitMatrix(benchmark::State& state) {
  // The nightly matrix: N scenarios with ordinary-sized evidence.
  const std::vector<RunReport> reports(static_cast<std::size_t>(state.range(0)), sample_report());
  for (auto _ : state) write_junit(reports, out_dir() / "junit-matrix.xml");
}
BENCHMARK(BM_WriteJunitMatrix)->Arg(50)->Unit(benchmark::kMillisecond);

}  // namespace
