#include "reports/run_dir.hpp"

#include <fmt/format.h>

#include "harness/core/errors.hpp"
#include "reports/writers.hpp"

namespace harness {

RunDirFiles run_dir_files(const std::filesystem::path& run_dir) {
  return {run_dir / "history.jsonl", run_dir / "result.json", run_dir / "junit.xml",
          run_dir / "report.html", run_dir / "image-manifest.txt", run_dir / "schedule.json",
          run_dir / "scenario.json", run_dir / "progress.log"};
}

void write_run_reports(const RunReport& report, const History& history,
                       const std::filesystem::path& run_dir) {
  const RunDirFiles f = run_dir_files(run_dir);
  // result.json first: it is the one the other two can be rebuilt from.
  write_result_json(report, f.result);
  write_junit({report}, f.junit);
  write_html(report, history, f.html);
}

RunReport rerender_run_dir(const std::filesystem::path& run_dir) {
  const RunDirFiles f = run_dir_files(run_dir);
  if (!std::filesystem::is_directory(run_dir))
    throw UsageError(fmt::format("{}: not a run directory", run_dir.string()));
  RunReport report = read_result_json(f.result);
  const History history = History::load(f.history);
  write_junit({report}, f.junit);
  write_html(report, history, f.html);
  return report;
}

}  // namespace harness
