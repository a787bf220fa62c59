#pragma once
// runs/index.html: every run directory and matrix directory under runs/, newest first, with its
// verdicts, flakes, suspects and a few key metrics per check. `harness run` regenerates it after
// each run; it reads only the stored files (result.json, matrix.json), so it can be rebuilt any
// time. An entry that cannot be read is listed as such, with the reason: one broken directory
// must not hide the others.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "harness/core/matrix_result.hpp"
#include "harness/core/run_report.hpp"

namespace harness {

struct RunsIndexEntry {
  enum class Kind { run, matrix, unreadable };
  Kind kind = Kind::unreadable;
  std::filesystem::path dir;
  std::int64_t sort_ns = 0;  // when it started, else the directory's modification time
  RunReport run;             // Kind::run
  MatrixResult matrix;       // Kind::matrix
  std::string error;         // Kind::unreadable: why
};

// The entries directly under `runs_dir`, newest first: directories with matrix.json (a matrix:
// its run directories inside it are the matrix's, not listed again), with result.json (a run),
// and run directories without a readable result (unreadable). Symlinks (runs/latest) and
// directories that hold none of a run's files are left out. Throws harness::Error only when
// `runs_dir` itself cannot be listed.
std::vector<RunsIndexEntry> scan_runs_dir(const std::filesystem::path& runs_dir);

// The page, from the entries; a matrix.json in `runs_dir` itself (a matrix written with
// --out runs) is shown first, as its own index.html would show it.
std::string render_runs_index(const std::filesystem::path& runs_dir,
                              const std::vector<RunsIndexEntry>& entries);

// Scans and writes runs_dir/index.html (atomically).
void write_runs_index(const std::filesystem::path& runs_dir);

}  // namespace harness
