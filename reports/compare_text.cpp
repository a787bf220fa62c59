// The terminal table of `harness compare`: one line per scenario and metric, columns aligned.
#include <array>

#include <fmt/format.h>

#include "reports/compare_reports.hpp"
#include "reports/compare_words.hpp"

namespace harness {

namespace {

using Row = std::array<std::string, 7>;  // scenario, metric, A, B, delta, allowed, mark

std::string table(const std::vector<Row>& rows) {
  std::array<std::size_t, 7> w{};
  for (const auto& r : rows)
    for (std::size_t i = 0; i < r.size(); ++i) w[i] = std::max(w[i], r[i].size());
  std::string out;
  for (const auto& r : rows) {
    std::string line;
    for (std::size_t i = 0; i < r.size(); ++i) {
      if (i + 1 == r.size()) line += r[i];
      else line += fmt::format("{:<{}}  ", r[i], w[i]);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + '\n';
  }
  return out;
}

std::string packages_text(const PackageComparison& p) {
  std::string head = fmt::format("packages  A {} → B {}", image_text(p.image_a), image_text(p.image_b));
  if (!p.diff) {
    std::string missing;
    if (p.manifest_a.empty()) missing += "A";
    if (p.manifest_b.empty()) missing += missing.empty() ? "B" : " and B";
    return head + fmt::format(": no image manifest (image-manifest.txt) in the run directories of {}: "
                              "packages not compared\n", missing);
  }
  const ManifestDiff& d = *p.diff;
  if (d.empty()) return head + ": the same packages and versions\n";
  std::string out = head + fmt::format(": {} changed, {} added, {} removed\n", d.changed.size(),
                                       d.added.size(), d.removed.size());
  std::vector<Row> rows;
  for (const auto& c : d.changed) rows.push_back({"  changed", c.package, c.from + " → " + c.to, "", "", "", ""});
  for (const auto& c : d.added) rows.push_back({"  added", c.package, c.to, "", "", "", ""});
  for (const auto& c : d.removed) rows.push_back({"  removed", c.package, c.from, "", "", "", ""});
  return out + table(rows);
}

}  // namespace

std::string render_compare_text(const Comparison& c) {
  std::string out = fmt::format("A  {}\nB  {}\n\n", side_text(c.a), side_text(c.b));
  std::vector<Row> rows;
  rows.push_back({"SCENARIO", "METRIC", "A", "B", "DELTA", "ALLOWED", ""});
  for (const auto& s : c.scenarios) {
    rows.push_back({s.scenario, "verdict", verdict_text(s.a), verdict_text(s.b), "", "", verdict_mark(s)});
    if (one_sided(s)) continue;
    for (const auto& m : s.metrics)
      rows.push_back({s.scenario, metric_label(*m.metric), distribution_text(*m.metric, m.a),
                      distribution_text(*m.metric, m.b), delta_text(m),
                      m.delta ? allowed_text(m) : "", metric_mark(m)});
  }
  out += table(rows) + '\n';
  for (const auto& p : c.packages) out += packages_text(p);
  for (const auto& n : c.notes) out += "note: " + n + '\n';
  std::string which;
  for (const auto& s : c.scenarios)
    if (s.regression) which += (which.empty() ? "" : ", ") + s.scenario;
  if (c.regressions == 0)
    out += fmt::format("result: no regression in {} scenario{}; exit 0\n", c.scenarios.size(),
                       c.scenarios.size() == 1 ? "" : "s");
  else
    out += fmt::format("result: {} of {} scenario{} regressed ({}); exit 1\n", c.regressions,
                       c.scenarios.size(), c.scenarios.size() == 1 ? "" : "s", which);
  return out;
}

}  // namespace harness
