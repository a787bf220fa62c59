// Cost of the host-side plumbing under every node command: spawning a program through
// run_process (LocalRemote::run("true")), and quoting an argument vector for the remote shell.
// SshRemote's per-call latency needs a live sshd; docs/REMOTE.md has the figures and commands.
#include <benchmark/benchmark.h>

#include "drivers/remote/local_remote.hpp"
#include "drivers/remote/shell_quote.hpp"

namespace harness {
namespace {

void BM_LocalRemoteRunTrue(benchmark::State& state) {
  auto clock = make_system_clock();
  LocalRemote host(*clock);
  for (auto _ : state) {
    auto r = host.run({"true"}, Deadline::after(*clock, 10));
    benchmark::DoNotOptimize(r.exit_status);
  }
}
BENCHMARK(BM_LocalRemoteRunTrue)->Unit(benchmark::kMicrosecond);

void BM_LocalRemoteRunWithStdin(benchmark::State& state) {
  auto clock = make_system_clock();
  LocalRemote host(*clock);
  std::string data(static_cast<std::size_t>(state.range(0)), 'x');
  for (auto _ : state) {
    auto r = host.run({"cat"}, Deadline::after(*clock, 10), data);
    benchmark::DoNotOptimize(r.out.size());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_LocalRemoteRunWithStdin)->Arg(1 << 20)->Arg(16 << 20)->Unit(benchmark::kMillisecond);

void BM_ShellJoinTypical(benchmark::State& state) {
  const std::vector<std::string> argv = {"crm_mon", "--output-as=xml", "-1", "--include=all",
                                         "it's a path/with spaces", "$(not run)"};
  for (auto _ : state) benchmark::DoNotOptimize(shell_join(argv));
}
BENCHMARK(BM_ShellJoinTypical);

void BM_ShellQuoteLarge(benchmark::State& state) {
  std::string arg(static_cast<std::size_t>(state.range(0)), 'a');
  for (std::size_t i = 0; i < arg.size(); i += 7) arg[i] = '\'';
  for (auto _ : state) benchmark::DoNotOptimize(shell_quote(arg));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_ShellQuoteLarge)->Arg(64 << 10);

}  // namespace
}  // namespace harness
