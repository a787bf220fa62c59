#pragma once
// The reports of a matrix (several scenarios, repeats, one shard or a merge of shards), read from
// a MatrixResult whose verdicts are decided (harness/core/matrix_verdict.hpp). Each run keeps its
// own run directory and reports (reports/run_dir.hpp); these are the matrix's overview.
// Layout and fields: docs/REPORTS.md, "Matrix outputs".
#include <filesystem>
#include <string>
#include <vector>

#include "harness/core/matrix_result.hpp"

namespace harness {

// The files a matrix directory holds beside its run directories.
struct MatrixDirFiles {
  std::filesystem::path matrix_json;  // matrix.json
  std::filesystem::path summary;      // summary.txt
  std::filesystem::path junit;        // junit.xml
  std::filesystem::path index;        // index.html
};
MatrixDirFiles matrix_dir_files(const std::filesystem::path& dir);

// One line per scenario (verdict, pass n/m, FLAKE/SUSPECT, duration, the run directories of the
// repeats that did not pass), suspect reasons on an indented line below, and a totals line.
std::string render_matrix_summary(const MatrixResult& m);

// JUnit for CI: one testsuite, one testcase per scenario (classname: the deploy key, else
// "harness"; time: its repeats added up), <failure>/<error> from the decided verdict, the flake
// and suspect marks as testcase properties and in <system-out> with every repeat's run directory.
void write_matrix_junit(const MatrixResult& m, const std::filesystem::path& file);

// dir/index.html: the matrix's scenarios with links to each repeat's report.html, relative to
// `dir`. Self-contained, every string escaped.
void write_matrix_index_html(const MatrixResult& m, const std::filesystem::path& dir);

// All four files of matrix_dir_files(dir). matrix.json first: the others can be rebuilt from it.
// `notes` (e.g. a merge's missing shards) end summary.txt as "note: ..." lines.
void write_matrix_reports(const MatrixResult& m, const std::filesystem::path& dir,
                          const std::vector<std::string>& notes = {});

}  // namespace harness
