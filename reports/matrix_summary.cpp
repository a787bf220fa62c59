// summary.txt and the terminal's closing lines of a matrix: what a person reads first in a
// nightly's log, so every scenario is one grep-able line and the totals say what kind of red it is.
#include <algorithm>

#include <fmt/format.h>

#include "harness/core/matrix_verdict.hpp"
#include "reports/matrix_reports.hpp"
#include "reports/matrix_text.hpp"
#include "reports/text_util.hpp"

namespace harness {

namespace {

std::string header(const MatrixResult& m) {
  std::string out = fmt::format("matrix {}  seed {}", m.matrix_id.empty() ? "(unnamed)" : m.matrix_id,
                                m.seed);
  if (m.shard_count > 1) out += fmt::format("  shard {}/{}", m.shard_index, m.shard_count);
  out += fmt::format("  repeat {}  pass rate required {}", m.repeat, m.pass_rate_required);
  if (m.started_realtime_ns != 0) out += "  started " + utc_human(m.started_realtime_ns);
  return out + "\n";
}

// The repeats that did not pass, with what they ended with: where to look first.
std::string not_passed(const ScenarioOutcome& s) {
  std::string out;
  for (const auto& r : s.repeats) {
    if (r.exit_code == 0) continue;
    out += fmt::format("{}{} ({}{})", out.empty() ? "" : ", ",
                       r.run_dir.empty() ? "(no run directory)" : r.run_dir,
                       outcome_words(r.exit_code), r.suspect ? ", suspect" : "");
  }
  return out;
}

}  // namespace

std::string render_matrix_summary(const MatrixResult& m) {
  std::size_t name_w = 8, count_w = 8, marks_w = 0;
  double total_s = 0;
  for (const auto& s : m.scenarios) {
    name_w = std::max(name_w, s.scenario.size());
    count_w = std::max(count_w, pass_count(s).size());
    marks_w = std::max(marks_w, marks(s).size());
  }
  std::string out = header(m);
  for (const auto& s : m.scenarios) {
    double secs = 0;
    for (const auto& r : s.repeats) secs += r.duration_s;
    total_s += secs;
    std::string line = fmt::format("{:<5}  {:<{}}  {:<{}}", verdict_label(s.exit_code), s.scenario,
                                   name_w, pass_count(s), count_w);
    if (marks_w > 0) line += fmt::format("  {:<{}}", marks(s), marks_w);
    line += fmt::format("  {:>14}", human_duration(secs));
    if (const std::string bad = not_passed(s); !bad.empty()) line += "  not passed: " + bad;
    out += line + "\n";
    if (const std::string why = suspect_reasons(s); !why.empty())
      out += fmt::format("       suspect: {}\n", why);
  }
  const MatrixTotals t = matrix_totals(m);
  out += fmt::format(
      "totals: {} passed, {} failed, {} errors, {} flakes, {} suspects; {} scenarios, {} runs "
      "({} of runs); wall time {}; exit {}\n",
      t.passed, t.failed, t.errors, t.flakes, t.suspects, t.scenarios, t.runs,
      human_duration(total_s), human_duration(m.duration_s), matrix_exit(m));
  return out;
}

}  // namespace harness
