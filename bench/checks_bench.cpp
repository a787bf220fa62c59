// The three checkers on a long run: 1,000,000 successful-or-errored I/O completions (one per
// millisecond, ~17 minutes of fio), three node kills with fencing, and observers sampling once a
// second. Reports time per check and the process's peak RSS (the History itself included).
#include <sys/resource.h>

#include <cstdint>
#include <memory>

#include <benchmark/benchmark.h>

#include "harness/checks/checker.hpp"
#include "harness/checks/fencing.hpp"
#include "harness/checks/integrity.hpp"
#include "harness/checks/path_switch.hpp"
#include "harness/core/clock.hpp"

namespace {

using harness::EventKind;
using harness::kNsPerMs;
using harness::kNsPerS;
using nlohmann::json;

constexpr std::int64_t kIoEvents = 1'000'000;
constexpr std::int64_t kT0 = 1'000 * kNsPerS;

double peak_rss_mib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;  // ru_maxrss is KiB on Linux
}

// Fault k at 200 + 300 k seconds: 6 s without successful I/O (EIO every 100 ms inside), the
// node fenced by its peer 4 s in, healed 60 s later.
const harness::History& big_history() {
  static const auto h = [] {
    auto hist = std::make_unique<harness::History>();
    auto& g = *hist;
    g.add(kT0, EventKind::phase, "", "workload", {{"state", "begin"}});
    g.add(kT0, EventKind::note, "", "roles", {{"active", "n1"}, {"standby", "n2"}});
    auto in_stall = [](std::int64_t t) {
      for (int k = 0; k < 3; ++k) {
        const std::int64_t f = kT0 + (200 + 300 * k) * kNsPerS;
        if (t > f && t < f + 6 * kNsPerS) return true;
      }
      return false;
    };
    std::int64_t ios = 0, i = 0;
    for (; ios < kIoEvents; ++i) {
      const std::int64_t t = kT0 + i * kNsPerMs;
      const bool stalled = in_stall(t);
      if (stalled && i % 100 != 0) continue;  // an EIO every 100 ms, nothing else
      ++ios;
      g.add(t, EventKind::io, "initiator", i % 3 ? "write" : "read",
            {{"lat_ns", 2 * kNsPerMs + (i % 7) * 100'000},
             {"bytes", 4096},
             {"offset", (i * 4096) % (256 << 20)},
             {"error", stalled ? 5 : 0}});
    }
    const std::int64_t end = kT0 + i * kNsPerMs;
    for (std::int64_t t = kT0; t < end; t += kNsPerS) {
      const bool n1_active = ((t - kT0) / kNsPerS / 300) % 2 == 0;
      g.add(t, EventKind::observation, "initiator", "path_io", {{"group", n1_active ? "n1" : "n2"}});
      g.add(t + 1, EventKind::observation, "n1", "alua",
            {{"groups", {{"n1", n1_active ? "active/optimized" : "active/non-optimized"},
                         {"n2", n1_active ? "active/non-optimized" : "active/optimized"}}}});
    }
    for (int k = 0; k < 3; ++k) {
      const std::int64_t f = kT0 + (200 + 300 * k) * kNsPerS;
      const std::string step = "kill" + std::to_string(k);
      const char* victim = k % 2 ? "n2" : "n1";
      const char* peer = k % 2 ? "n1" : "n2";
      g.add(f, EventKind::inject, victim, "node_kill", {{"step", step}, {"node_lost", true}});
      g.add(f + 1500 * kNsPerMs, EventKind::lifecycle, victim, "destroyed", {{"cause", "harness"}});
      g.add(f + 3800 * kNsPerMs, EventKind::lifecycle, victim, "started", {{"cause", "external"}});
      g.add(f + 4 * kNsPerS, EventKind::fence, victim, "reboot",
            {{"executioner", peer}, {"origin", peer}, {"device", "fence_" + std::string(victim)},
             {"status", "success"}});
      g.add(f + 5800 * kNsPerMs, EventKind::observation, peer, "drbd", {{"peer", "Unknown"}});
      g.add(f + 60 * kNsPerS, EventKind::heal, victim, "node_kill", {{"step", step}});
    }
    g.add(end, EventKind::phase, "", "workload", {{"state", "end"}});
    g.add(end + kNsPerS, EventKind::verify, "initiator", "io_summary", {{"ios", kIoEvents}, {"io_errors", 180}});
    g.add(end + 5 * kNsPerS, EventKind::verify, "initiator", "readback", {{"ok", true}, {"errors", 0}});
    g.add(end + 60 * kNsPerS, EventKind::verify, "n1", "drbd_verify", {{"ok", true}, {"out_of_sync_kib", 0}});
    return hist;
  }();
  return *h;
}

void run_check(benchmark::State& state, const harness::Checker& checker) {
  const auto& h = big_history();
  state.counters["rss_before_mib"] = peak_rss_mib();
  for (auto _ : state) {
    auto r = checker.check(h);
    benchmark::DoNotOptimize(r);
  }
  state.counters["events"] = static_cast<double>(h.size());
  state.counters["peak_rss_mib"] = peak_rss_mib();
}

void BM_PathSwitch(benchmark::State& state) {
  run_check(state, harness::PathSwitchChecker(30));
}
void BM_Integrity(benchmark::State& state) {
  run_check(state, harness::IntegrityChecker("intact", 200));
}
void BM_Fencing(benchmark::State& state) {
  // Every node_kill victim is fenced: the expectation lists none, so this measures the full
  // scan and the "unexpected fence" path.
  run_check(state, harness::FencingChecker({}, {}));
}
// The floor under every check: the sorted snapshot History::events() hands out.
void BM_EventsSnapshot(benchmark::State& state) {
  const auto& h = big_history();
  for (auto _ : state) {
    auto ev = h.events();
    benchmark::DoNotOptimize(ev);
  }
  state.counters["peak_rss_mib"] = peak_rss_mib();
}

void BM_AllThree(benchmark::State& state) {
  const auto checks = harness::make_checkers(harness::Expect{});
  const auto& h = big_history();
  for (auto _ : state)
    for (const auto& c : checks) {
      auto r = c->check(h);
      benchmark::DoNotOptimize(r);
    }
  state.counters["peak_rss_mib"] = peak_rss_mib();
}

BENCHMARK(BM_EventsSnapshot)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_PathSwitch)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_Integrity)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_Fencing)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_AllThree)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
