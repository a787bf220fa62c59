#pragma once
// The report writers. Each reads only a RunReport (and, for the HTML timeline, the History) and
// writes one file; none talks to a node. All throw harness::Error naming the file on I/O errors.
// Layout of a run directory and the meaning of every field: docs/REPORTS.md.
#include <filesystem>
#include <vector>

#include "harness/core/history.hpp"
#include "reports/run_report.hpp"

namespace harness {

// result.json. Written to a temporary file and renamed, so a reader never sees half a file.
void write_result_json(const RunReport& report, const std::filesystem::path& path);
// Throws harness::Error "PATH: /json/pointer: expected X, found Y" on anything malformed.
RunReport read_result_json(const std::filesystem::path& path);

// JUnit XML for CI (Jenkins, GitLab): one <testsuite> per report, one <testcase> per check,
// metrics as <properties>, an undecided check an <error type="undecided">; a testcase "run" with
// the run's duration, and an <error> there on a scenario or lab error. The matrix's JUnit (one
// testcase per scenario over its repeats) is write_matrix_junit, reports/matrix_reports.hpp.
void write_junit(const std::vector<RunReport>& reports, const std::filesystem::path& path);

// One self-contained HTML page (no external resources): verdicts, the timeline as inline SVG,
// the checks with metrics and evidence, the phases.
void write_html(const RunReport& report, const History& history,
                const std::filesystem::path& path);

}  // namespace harness
