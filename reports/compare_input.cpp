#include "reports/compare_input.hpp"

#include <fmt/format.h>

#include "harness/core/errors.hpp"
#include "reports/compare_metrics.hpp"
#include "reports/image_identity.hpp"
#include "reports/matrix_merge.hpp"
#include "reports/run_dir.hpp"
#include "reports/writers.hpp"

namespace harness {

namespace {

namespace fs = std::filesystem;

SideImage& image_slot(CompareSide& side, const std::string& label) {
  for (auto& i : side.images)
    if (i.label == label) return i;
  side.images.push_back({label, std::nullopt, {}});
  return side.images.back();
}

void read_manifest_of(SideImage& image, const fs::path& run_dir) {
  if (image.manifest) return;
  const fs::path file = run_dir_files(run_dir).image_manifest;
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return;
  try {
    image.manifest = read_manifest(file);
    image.manifest_file = file;
  } catch (const Error& e) {
    throw UsageError(e.what());
  }
}

}  // namespace

CompareSide read_compare_side(const std::filesystem::path& dir) {
  const MatrixInput in = read_matrix_input(dir);
  CompareSide side;
  side.dir = in.dir;
  side.matrix = !in.single_run;
  side.id = in.matrix.matrix_id;
  for (const auto& s : in.matrix.scenarios) {
    SideScenario sc;
    sc.outcome = s;
    for (const auto& r : s.repeats) {
      const fs::path run_dir = r.run_dir.empty() ? fs::path(side.dir) / r.run_id : fs::path(r.run_dir);
      const fs::path result = run_dir_files(run_dir).result;
      std::error_code ec;
      if (!fs::is_regular_file(result, ec)) {
        side.notes.push_back(fmt::format("{} repeat {}: no {}: its metrics are left out",
                                         s.scenario, r.repeat, result.string()));
        continue;
      }
      RunReport report;
      try {
        report = read_result_json(result);
      } catch (const Error& e) {
        throw UsageError(e.what());
      }
      SideImage& image = image_slot(side, run_image_label(report));
      read_manifest_of(image, run_dir);
      if (sc.image.empty()) sc.image = image.label;
      // Exit 2 and 3 runs never reached a verdict: their numbers say nothing about the stack.
      if (report.exit_code > 1) continue;
      RunSample sample;
      sample.run_id = report.run_id;
      sample.run_dir = run_dir;
      sample.exit_code = report.exit_code;
      sample.suspect = report.suspect;
      sample.image = image.label;
      for (const auto& m : compare_metrics())
        if (auto v = read_metric(m, report)) sample.metrics[std::string(m.name)] = *v;
      sc.samples.push_back(std::move(sample));
    }
    side.scenarios.push_back(std::move(sc));
  }
  return side;
}

}  // namespace harness
