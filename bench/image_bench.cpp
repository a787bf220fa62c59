// image_bench: builds the default image into the cache if it is not there (printing the progress
// and the cold build time), then measures the cache hit that every later `harness image build`
// and every run pays (target: < 1 s). Needs root, mmdebstrap and the host's Debian mirror.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "drivers/image/image_store.hpp"
#include "drivers/image/recipe.hpp"

namespace harness {
namespace {

const Recipe& default_recipe() {
  static const Recipe r = load_recipe(resolve_recipe_dir("default"));
  return r;
}

// Once per process: the cold build, if the image is not cached yet.
void ensure_built() {
  static bool done = [] {
    ImageStore store;
    auto clock = make_system_clock();
    auto t0 = std::chrono::steady_clock::now();
    ImageInfo info = store.build(
        default_recipe(), [](std::string_view line) { std::fprintf(stderr, "%.*s\n", int(line.size()), line.data()); },
        Deadline::after(*clock, 900));
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::fprintf(stderr, "image %s ready after %.1f s\n", info.dir.c_str(), s);
    return true;
  }();
  (void)done;
}

void BM_ImageCacheHit(benchmark::State& state) {
  ensure_built();
  ImageStore store;
  auto clock = make_system_clock();
  for (auto _ : state) {
    // What `harness image build default` does on a hit: load the recipe, hash it, look it up.
    Recipe r = load_recipe(resolve_recipe_dir("default"));
    benchmark::DoNotOptimize(store.build(r, {}, Deadline::after(*clock, 60)));
  }
}
BENCHMARK(BM_ImageCacheHit)->Unit(benchmark::kMillisecond);

void BM_ImageList(benchmark::State& state) {
  ensure_built();
  ImageStore store;
  for (auto _ : state) benchmark::DoNotOptimize(store.list());
}
BENCHMARK(BM_ImageList)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace harness
