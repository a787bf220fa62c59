#include "reports/run_files.hpp"

#include <algorithm>
#include <system_error>

#include "reports/html_template.hpp"
#include "reports/run_dir.hpp"

namespace harness {

namespace {

namespace fs = std::filesystem;

constexpr std::size_t kMaxLogLinks = 500;  // a node with thousands of files must not bury the page

bool is_file(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

// write_file_atomically's "NAME.tmp.PID", editors' backups, dot files.
bool is_temporary(const std::string& name) {
  return name.empty() || name.front() == '.' || name.back() == '~' ||
         name.find(".tmp.") != std::string::npos;
}

}  // namespace

std::vector<RunFileLink> run_file_links(const fs::path& run_dir) {
  const RunDirFiles f = run_dir_files(run_dir);
  const std::pair<fs::path, const char*> own[] = {
      {f.history, "the History: every event of the run"},
      {f.result, "verdicts, metrics and the anatomy, as read by harness report"},
      {f.junit, "this run's JUnit, for CI"},
      {f.progress_log, "the harness's own progress lines"},
      {f.schedule, "the seed and every step as fired"},
      {f.scenario, "the scenario as run"},
      {f.image_manifest, "the packages of the image the run booted"},
  };
  std::vector<RunFileLink> out;
  for (const auto& [path, what] : own)
    if (is_file(path))
      out.push_back({relative_href(path, run_dir), path.filename().string(), what});

  std::vector<RunFileLink> logs;
  std::error_code ec;
  const fs::path log_dir = run_dir / "logs";
  for (fs::recursive_directory_iterator it(log_dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (is_temporary(name)) {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file(ec)) continue;
    const fs::path rel = it->path().lexically_relative(log_dir);
    logs.push_back({relative_href(it->path(), run_dir), (fs::path("logs") / rel).generic_string(), ""});
  }
  std::sort(logs.begin(), logs.end(),
            [](const RunFileLink& a, const RunFileLink& b) { return a.name < b.name; });
  if (logs.size() > kMaxLogLinks) logs.resize(kMaxLogLinks);
  out.insert(out.end(), logs.begin(), logs.end());
  return out;
}

}  // namespace harness
