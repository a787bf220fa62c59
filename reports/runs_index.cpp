#include "reports/runs_index.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <string_view>
#include <system_error>

#include <fmt/format.h>

#include "harness/core/errors.hpp"
#include "harness/core/matrix_verdict.hpp"
#include "reports/file_output.hpp"
#include "reports/html_template.hpp"
#include "reports/matrix_html.hpp"
#include "reports/matrix_json.hpp"
#include "reports/matrix_text.hpp"
#include "reports/run_dir.hpp"
#include "reports/text_util.hpp"
#include "reports/writers.hpp"

namespace harness {

namespace {

namespace fs = std::filesystem;

// The figures a reader of the list wants per check, in this order; a check not named here shows
// its first top-level figures. One table, read by the list below only.
struct KeyMetric {
  std::string_view check;
  std::string_view metric;
};
constexpr KeyMetric kKeyMetrics[] = {
    {"path_switch", "longest_stall_s"}, {"path_switch", "time_to_first_io_s"},
    {"integrity", "io_errors"},         {"integrity", "readback_errors"},
    {"integrity", "out_of_sync_kib"},   {"fencing", "fence_agent"},
    {"fencing", "fence_latency_s"},
    {"fencing", "resume_margin_s"},     {"fencing", "unexpected_fenced"},
};
constexpr std::size_t kOtherMetricsPerCheck = 2;

std::int64_t mtime_ns(const fs::path& p) {
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0) return 0;
  return static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
}

bool present(const fs::path& p) {
  std::error_code ec;
  return fs::exists(p, ec);
}

RunsIndexEntry read_entry(const fs::path& dir) {
  RunsIndexEntry e;
  e.dir = dir;
  const fs::path matrix = dir / "matrix.json";
  const fs::path result = run_dir_files(dir).result;
  try {
    if (present(matrix)) {
      e.matrix = read_matrix_json(matrix);
      e.kind = RunsIndexEntry::Kind::matrix;
      e.sort_ns = e.matrix.started_realtime_ns;
    } else if (present(result)) {
      e.run = read_result_json(result);
      e.kind = RunsIndexEntry::Kind::run;
      e.sort_ns = e.run.started_realtime_ns;
    } else {
      e.error = "no result.json: the run is still going, or was killed before its verdict";
    }
  } catch (const Error& err) {
    e.kind = RunsIndexEntry::Kind::unreadable;
    e.error = err.what();
  }
  if (e.sort_ns == 0) e.sort_ns = mtime_ns(dir);
  return e;
}

// A directory that holds any of a run's or a matrix's files; others (an image cache, notes) are
// not runs and stay out of the list.
bool looks_like_run(const fs::path& dir) {
  const RunDirFiles f = run_dir_files(dir);
  return present(dir / "matrix.json") || present(f.result) || present(f.history) ||
         present(dir / "scenario.json");
}

std::string scalar_text(const nlohmann::json& v) {
  if (v.is_number_float()) return fmt::format("{:.3f}", v.get<double>());
  return json_scalar_text(v);
}

std::vector<std::string> key_metrics(const CheckResult& c) {
  std::vector<std::string> out;
  if (!c.metrics.is_object()) return out;
  bool listed = false;
  for (const auto& k : kKeyMetrics) {
    if (k.check != c.name) continue;
    listed = true;
    auto it = c.metrics.find(std::string(k.metric));
    if (it == c.metrics.end() || it->is_null()) continue;
    if (it->is_array()) {
      if (!it->empty()) out.push_back(fmt::format("{} {}", k.metric, it->dump()));
      continue;
    }
    if (it->is_primitive()) out.push_back(fmt::format("{} {}", k.metric, scalar_text(*it)));
  }
  if (listed) return out;
  for (const auto& [key, v] : c.metrics.items()) {
    if (out.size() >= kOtherMetricsPerCheck) break;
    if (v.is_primitive() && !v.is_null()) out.push_back(fmt::format("{} {}", key, scalar_text(v)));
  }
  return out;
}

std::string_view run_overall(int exit_code) {
  switch (exit_code) {
    case 0: return "PASSED";
    case 1: return "FAILED";
    case 2: return "SCENARIO ERROR";
    default: return "LAB ERROR";
  }
}

std::string started_text(const RunsIndexEntry& e, std::int64_t started_ns) {
  return started_ns != 0 ? utc_human(started_ns) : utc_human(e.sort_ns) + " (modified)";
}

void run_row(std::string& out, const RunsIndexEntry& e, const fs::path& runs_dir) {
  const RunReport& r = e.run;
  out += "<tr>";
  append_element(out, "td", started_text(e, r.started_realtime_ns), "kv");
  out += "<td>";
  append_link(out, relative_href(run_dir_files(e.dir).html, runs_dir),
              r.scenario_name.empty() ? e.dir.filename().string() : r.scenario_name);
  out += "<br/>";
  append_element(out, "span", e.dir.filename().string(), "note");
  out += "</td><td>";
  append_element(out, "span", run_overall(r.exit_code), r.exit_code == 0 ? "verdict pass" : "verdict fail");
  if (r.suspect) append_element(out, "span", "SUSPECT", "verdict unknown");
  out += "</td><td>";
  for (const auto& c : r.checks)
    append_element(out, "span", fmt::format("{}: {}", c.name, to_string(c.verdict)),
                   fmt::format("verdict {}", to_string(c.verdict)));
  if (r.suspect) append_element(out, "div", "suspect: " + r.suspect_reason, "note");
  if (!r.error.empty()) append_element(out, "div", r.error, "note");
  out += "</td>";
  append_element(out, "td", human_duration(r.duration_s), "num");
  std::string metrics;
  for (const auto& c : r.checks)
    for (const auto& line : key_metrics(c))
      metrics += fmt::format("{}{}.{}", metrics.empty() ? "" : "\n", c.name, line);
  append_element(out, "td", metrics, "kv");
  out += "</tr>\n";
}

void matrix_row(std::string& out, const RunsIndexEntry& e, const fs::path& runs_dir) {
  const MatrixResult& m = e.matrix;
  const int exit = matrix_exit(m);
  const MatrixTotals t = matrix_totals(m);
  out += "<tr>";
  append_element(out, "td", started_text(e, m.started_realtime_ns), "kv");
  out += "<td>";
  append_link(out, relative_href(e.dir / "index.html", runs_dir),
              "matrix " + (m.matrix_id.empty() ? e.dir.filename().string() : m.matrix_id));
  out += "<br/>";
  append_element(out, "span", e.dir.filename().string(), "note");
  out += "</td><td>";
  append_element(out, "span", matrix_overall(exit), exit == 0 ? "verdict pass" : "verdict fail");
  if (t.flakes > 0) append_element(out, "span", fmt::format("{} FLAKE", t.flakes), "verdict unknown");
  if (t.suspects > 0)
    append_element(out, "span", fmt::format("{} SUSPECT", t.suspects), "verdict unknown");
  out += "</td><td>";
  append_element(out, "div",
                 fmt::format("{} scenarios: {} passed, {} failed, {} errors; {} runs{}",
                             t.scenarios, t.passed, t.failed, t.errors, t.runs,
                             m.shard_count > 1 ? fmt::format(" (shard {}/{})", m.shard_index,
                                                             m.shard_count)
                                               : ""));
  // The scenarios worth a look: not passed, flaky or suspect.
  for (const auto& s : m.scenarios) {
    if (s.exit_code == 0 && !s.flake && !has_suspect(s)) continue;
    std::string line = fmt::format("{} {} {}", verdict_label(s.exit_code), s.scenario, pass_count(s));
    if (const std::string mk = marks(s); !mk.empty()) line += " " + mk;
    append_element(out, "div", line, "kv");
  }
  out += "</td>";
  append_element(out, "td", human_duration(m.duration_s), "num");
  append_element(out, "td", "", "kv");
  out += "</tr>\n";
}

void unreadable_row(std::string& out, const RunsIndexEntry& e, const fs::path& runs_dir) {
  out += "<tr>";
  append_element(out, "td", started_text(e, 0), "kv");
  out += "<td>";
  append_link(out, relative_href(e.dir, runs_dir) + "/", e.dir.filename().string());
  out += "</td><td>";
  append_element(out, "span", "UNREADABLE", "verdict unknown");
  out += "</td><td colspan=\"3\">";
  append_element(out, "span", e.error, "kv");
  out += "</td></tr>\n";
}

}  // namespace

std::vector<RunsIndexEntry> scan_runs_dir(const std::filesystem::path& runs_dir) {
  std::error_code ec;
  fs::directory_iterator it(runs_dir, ec);
  if (ec) throw Error(fmt::format("{}: cannot list: {}", runs_dir.string(), ec.message()));
  std::vector<RunsIndexEntry> out;
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    if (ec) break;
    std::error_code e2;
    if (it->is_symlink(e2) || !it->is_directory(e2)) continue;
    if (!looks_like_run(it->path())) continue;
    out.push_back(read_entry(it->path()));
  }
  if (ec) throw Error(fmt::format("{}: cannot list: {}", runs_dir.string(), ec.message()));
  std::sort(out.begin(), out.end(), [](const RunsIndexEntry& a, const RunsIndexEntry& b) {
    if (a.sort_ns != b.sort_ns) return a.sort_ns > b.sort_ns;
    return a.dir.filename() > b.dir.filename();
  });
  return out;
}

std::string render_runs_index(const std::filesystem::path& runs_dir,
                              const std::vector<RunsIndexEntry>& entries) {
  std::string body;
  const fs::path own = runs_dir / "matrix.json";
  if (present(own)) {
    try {
      append_matrix_section(body, read_matrix_json(own), runs_dir);
    } catch (const Error& e) {
      append_element(body, "div", std::string("matrix of this directory: ") + e.what(), "error-box");
    }
  }
  int runs = 0, matrices = 0, unreadable = 0;
  for (const auto& e : entries) {
    if (e.kind == RunsIndexEntry::Kind::run) ++runs;
    else if (e.kind == RunsIndexEntry::Kind::matrix) ++matrices;
    else ++unreadable;
  }
  append_element(body, "h2", fmt::format("Runs in {}", runs_dir.string()));
  append_element(body, "p",
                 fmt::format("{} runs, {} matrices, {} unreadable; newest first.", runs, matrices,
                             unreadable),
                 "note");
  body += "<table class=\"grid\"><tr><th>started</th><th>run</th><th>verdict</th>"
          "<th>checks</th><th>time</th><th>key metrics</th></tr>\n";
  for (const auto& e : entries) {
    switch (e.kind) {
      case RunsIndexEntry::Kind::run: run_row(body, e, runs_dir); break;
      case RunsIndexEntry::Kind::matrix: matrix_row(body, e, runs_dir); break;
      case RunsIndexEntry::Kind::unreadable: unreadable_row(body, e, runs_dir); break;
    }
  }
  body += "</table>\n";
  append_element(body, "p", fmt::format("Generated by harness {}.", HARNESS_VERSION), "note");
  return html_page(fmt::format("runs — {}", runs_dir.string()), body);
}

void write_runs_index(const std::filesystem::path& runs_dir) {
  write_file_atomically(runs_dir / "index.html", render_runs_index(runs_dir, scan_runs_dir(runs_dir)));
}

}  // namespace harness
