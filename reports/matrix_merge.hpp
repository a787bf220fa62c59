#pragma once
// Joining the shards of a matrix (`harness report --merge DIR...`): each CI job ran `harness run
// --shard K/N` on its own hypervisor and left a matrix directory; the merge reads them back, joins
// the repeats of each scenario and decides the verdicts again over all of them.
#include <filesystem>
#include <string>
#include <vector>

#include "harness/core/matrix_result.hpp"
#include "harness/core/run_report.hpp"

namespace harness {

struct MatrixInput {
  std::filesystem::path dir;
  MatrixResult matrix;
  bool single_run = false;  // a run directory's result.json, read as a one-scenario matrix
};

// A single run as a matrix of one scenario with one repeat (run_dir: `run_dir` as given).
MatrixResult matrix_of_run(const RunReport& r, const std::filesystem::path& run_dir);

// DIR/matrix.json, else DIR/result.json (matrix_of_run). Throws UsageError naming the directory
// and what is missing, or the file and JSON path of what is malformed.
MatrixInput read_matrix_input(const std::filesystem::path& dir);

struct MergeResult {
  MatrixResult matrix;              // verdicts decided (decide_verdicts)
  std::vector<std::string> notes;   // what a reader of the merged report must know (missing shards)
  bool incomplete = false;          // shards are missing: part of the matrix is not in the report
};

// Rules (docs/REPORTS.md, "Merging shards"): the matrix inputs must share --repeat, --pass-rate and
// the shard count N, and their shard numbers K must differ; single runs join as extra repeats.
// The same scenario in several inputs gets their repeats in input order (then by repeat number);
// a run that appears twice (same run id) is an error. Throws UsageError naming both directories.
MergeResult merge_matrices(const std::vector<MatrixInput>& inputs);

}  // namespace harness
