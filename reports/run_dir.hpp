#pragma once
// The files of a run directory runs/<run-id>/ (docs/REPORTS.md), and writing or re-rendering
// all reports of one run. `harness run` calls write_run_reports after the checks;
// `harness report RUN_DIR` calls rerender_run_dir.
#include <filesystem>

#include "harness/core/history.hpp"
#include "reports/run_report.hpp"

namespace harness {

struct RunDirFiles {
  std::filesystem::path history;  // history.jsonl (written by the runner as the run goes)
  std::filesystem::path result;   // result.json
  std::filesystem::path junit;    // junit.xml (this run alone)
  std::filesystem::path html;     // report.html
  // The package manifest of the image the run booted (manifest.txt of the image cache, copied
  // when the run starts); absent when the lab's image had none. `harness compare` diffs them.
  std::filesystem::path image_manifest;  // image-manifest.txt
  // Written by the CLI, listed here so that report.html links them by the same names.
  std::filesystem::path schedule;        // schedule.json (write_schedule_file)
  std::filesystem::path scenario;        // scenario.json (create_run_directory)
  // The harness's own progress lines. Nothing writes it yet (they go to stderr); report.html
  // links it when a run directory holds it.
  std::filesystem::path progress_log;    // progress.log
};

RunDirFiles run_dir_files(const std::filesystem::path& run_dir);

// Writes result.json, junit.xml and report.html into `run_dir`.
void write_run_reports(const RunReport& report, const History& history,
                       const std::filesystem::path& run_dir);

// Reads history.jsonl and result.json of a finished (or killed) run and writes junit.xml and
// report.html again; result.json is the input and stays as it is. Returns the report read.
// Throws harness::Error naming the file that is missing or malformed.
RunReport rerender_run_dir(const std::filesystem::path& run_dir);

}  // namespace harness
