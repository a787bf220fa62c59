// Cost of reading scenarios: a catalogue file (the common case, paid once per run) and a file
// near the 4 MiB limit (the worst a user or a fuzzer can hand us), valid and invalid.
//   build/bench/scenario_parse_bench --benchmark_min_time=0.5
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include "harness/core/errors.hpp"
#include "drivers/faults/load_scenario.hpp"
#include "harness/scenario/scenario.hpp"

namespace {

std::string catalogue_text() {
  std::ifstream in(std::filesystem::path(HARNESS_SOURCE_DIR) / "scenarios/node-kill-active.json");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A valid scenario padded with whitespace to just under 4 MiB: the lexer's full cost.
std::string large_valid() {
  std::string text = catalogue_text();
  text.insert(text.size() - 2, std::string(4 * 1024 * 1024 - 64 - text.size(), ' '));
  return text;
}

// Just under 4 MiB of unknown keys in "lab": the parser builds the DOM, then reports (capped).
std::string large_invalid() {
  nlohmann::json j = nlohmann::json::parse(catalogue_text());
  std::size_t i = 0;
  std::string text;
  do {
    for (int k = 0; k < 1000; ++k, ++i) j["lab"]["unknown_key_" + std::to_string(i)] = i;
    text = j.dump();
  } while (text.size() < 4 * 1024 * 1024 - 100 * 1024);
  return text;
}

void BM_ParseCatalogueScenario(benchmark::State& state) {
  const std::string text = catalogue_text();
  for (auto _ : state) {
    benchmark::DoNotOptimize(harness::parse_scenario(text, "node-kill-active.json"));
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_ParseCatalogueScenario);

void BM_ParseLargeValid(benchmark::State& state) {
  const std::string text = large_valid();
  for (auto _ : state) benchmark::DoNotOptimize(harness::parse_scenario(text, "large.json"));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_ParseLargeValid)->Unit(benchmark::kMillisecond);

void BM_ParseLargeInvalid(benchmark::State& state) {
  const std::string text = large_invalid();
  for (auto _ : state) {
    try {
      harness::parse_scenario(text, "large.json");
      state.SkipWithError("accepted a bad file");
    } catch (const harness::ScenarioError& e) {
      benchmark::DoNotOptimize(e.what());
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_ParseLargeInvalid)->Unit(benchmark::kMillisecond);

}  // namespace
