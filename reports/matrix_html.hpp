#pragma once
// The matrix's HTML parts, shared by the matrix's index.html and the runs index (which shows the
// matrix of its own directory the same way).
#include <filesystem>
#include <string>

#include "harness/core/matrix_result.hpp"

namespace harness {

// PASSED / FAILED / SCENARIO ERROR / LAB ERROR.
std::string_view matrix_overall(int exit_code);

// The matrix's heading, identity and totals, then one row per scenario with a link per repeat to
// its report.html, relative to `page_dir` (the directory of the page being written).
void append_matrix_section(std::string& out, const MatrixResult& m,
                           const std::filesystem::path& page_dir);

}  // namespace harness
