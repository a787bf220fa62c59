#pragma once
// One side of `harness compare`: a run directory (result.json) or a matrix directory
// (matrix.json, e.g. `harness run --repeat N` or `harness report --merge` output), read into the
// values the comparison needs: each scenario's verdict over its repeats, each repeat's metrics
// (reports/compare_metrics.hpp) and the images the runs booted with their package manifests.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/core/matrix_result.hpp"
#include "reports/package_manifest.hpp"

namespace harness {

// One repeat that ran to its checks (exit 0 or 1): what the comparison reads of its result.json.
struct RunSample {
  std::string run_id;
  std::filesystem::path run_dir;
  int exit_code = 0;
  bool suspect = false;
  std::map<std::string, double> metrics;  // CompareMetric::name → value; unmeasured ones absent
  std::string image;                      // run_image_label; "" when result.json names none
};

struct SideScenario {
  ScenarioOutcome outcome;          // the verdict over the repeats, as the side decided it
  std::vector<RunSample> samples;   // its repeats that reached a verdict, in repeat order
  std::string image;                // the image label of its first repeat with a result.json
};

struct SideImage {
  std::string label;                        // run_image_label ("" when the runs name none)
  std::optional<PackageManifest> manifest;  // from the first of its runs that holds one
  std::filesystem::path manifest_file;      // that file; empty when none had one
};

struct CompareSide {
  std::filesystem::path dir;        // the directory read (a `latest` link followed)
  bool matrix = false;              // a matrix directory; else a single run directory
  std::string id;                   // matrix id or run id
  std::vector<SideScenario> scenarios;
  std::vector<SideImage> images;    // in the order first seen
  std::vector<std::string> notes;   // what could not be read and is left out
};

// Throws UsageError (exit 2) naming the directory and the file expected (matrix.json or
// result.json) when neither is there, or the file and JSON pointer of what is malformed.
CompareSide read_compare_side(const std::filesystem::path& dir);

}  // namespace harness
