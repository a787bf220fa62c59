#pragma once
// matrix.json: what a matrix run (or a merge of shards) produced, per scenario and repeat
// (harness/core/matrix_result.hpp), as the file `harness report --merge` reads back.
// Layout and fields: docs/REPORTS.md, "Matrix outputs".
//
// Run directories: in memory a RepeatOutcome's run_dir is a path usable from the working
// directory (or absolute); in the file it is stored relative to the directory holding
// matrix.json, so that a matrix directory copied elsewhere (a CI artifact) still finds its runs.
// The reader resolves it back against the file's directory.
#include <filesystem>

#include "harness/core/matrix_result.hpp"

namespace harness {

// Written to a temporary file and renamed. The scenario verdicts are written as they are in `m`
// (decide them first); totals and the matrix's exit code are derived from them.
void write_matrix_json(const MatrixResult& m, const std::filesystem::path& file);

// Throws harness::Error "FILE: /json/pointer: expected X, found Y" on anything malformed or
// missing, and "FILE: /format: expected \"harness-matrix/1\", ..." for another version.
MatrixResult read_matrix_json(const std::filesystem::path& file);

}  // namespace harness
