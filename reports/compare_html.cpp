// `harness compare --html FILE`: the comparison as one self-contained page, in the style of
// report.html and the matrix index (reports/html_template.hpp). Every string is escaped.
#include <fmt/format.h>

#include "reports/compare_reports.hpp"
#include "reports/compare_words.hpp"
#include "reports/file_output.hpp"
#include "reports/html_template.hpp"
#include "reports/text_util.hpp"

namespace harness {

namespace {

void meta_row(std::string& out, std::string_view key, std::string_view value) {
  out += "<tr>";
  append_element(out, "th", key);
  append_element(out, "td", value, "kv");
  out += "</tr>\n";
}

std::string_view outcome_class(const std::optional<ScenarioOutcome>& s) {
  if (!s) return "note";
  if (s->flake) return "verdict unknown";
  return s->exit_code == 0 ? "verdict pass" : "verdict fail";
}

void mark_cell(std::string& out, const std::string& mark, bool bad, bool good) {
  out += "<td>";
  if (!mark.empty())
    append_element(out, "span", mark, bad ? "verdict fail" : good ? "verdict pass" : "note");
  out += "</td>";
}

void scenario_rows(std::string& out, const ScenarioComparison& s) {
  const std::size_t rows = one_sided(s) ? 1 : 1 + s.metrics.size();
  out += fmt::format("<tr><td rowspan=\"{}\">", rows);
  append_html_escaped(out, s.scenario);
  out += "</td>";
  append_element(out, "td", "verdict");
  out += "<td>";
  append_element(out, "span", verdict_text(s.a), outcome_class(s.a));
  out += "</td><td>";
  append_element(out, "span", verdict_text(s.b), outcome_class(s.b));
  out += "</td><td></td><td></td>";
  mark_cell(out, verdict_mark(s), s.verdict == VerdictChange::new_failure ||
                                      s.verdict == VerdictChange::new_error,
            s.verdict == VerdictChange::fixed);
  out += "</tr>\n";
  if (one_sided(s)) return;
  for (const auto& m : s.metrics) {
    out += "<tr>";
    append_element(out, "td", metric_label(*m.metric), "kv");
    append_element(out, "td", distribution_text(*m.metric, m.a), "num");
    append_element(out, "td", distribution_text(*m.metric, m.b), "num");
    append_element(out, "td", delta_text(m), "num");
    append_element(out, "td", m.delta ? allowed_text(m) : "", "note");
    mark_cell(out, metric_mark(m), m.regression, m.improved);
    out += "</tr>\n";
  }
}

void change_rows(std::string& out, std::string_view kind, const std::vector<PackageChange>& v) {
  for (const auto& c : v) {
    out += "<tr>";
    append_element(out, "td", kind);
    append_element(out, "td", c.package, "kv");
    append_element(out, "td", c.from.empty() ? "-" : c.from, "kv");
    append_element(out, "td", c.to.empty() ? "-" : c.to, "kv");
    out += "</tr>\n";
  }
}

void packages_section(std::string& out, const PackageComparison& p) {
  append_element(out, "h3", fmt::format("A {} → B {}", image_text(p.image_a), image_text(p.image_b)));
  if (!p.diff) {
    std::string missing;
    if (p.manifest_a.empty()) missing += "A";
    if (p.manifest_b.empty()) missing += missing.empty() ? "B" : " and B";
    append_element(out, "p",
                   fmt::format("No image manifest (image-manifest.txt) in the run directories of "
                               "{}: packages not compared.", missing),
                   "note");
    return;
  }
  const ManifestDiff& d = *p.diff;
  append_element(out, "p",
                 d.empty() ? std::string("The same packages and versions.")
                           : fmt::format("{} changed, {} added, {} removed.", d.changed.size(),
                                         d.added.size(), d.removed.size()),
                 "note");
  if (d.empty()) return;
  out += "<table class=\"grid\"><tr><th></th><th>package</th><th>A</th><th>B</th></tr>\n";
  change_rows(out, "changed", d.changed);
  change_rows(out, "added", d.added);
  change_rows(out, "removed", d.removed);
  out += "</table>\n";
}

}  // namespace

void write_compare_html(const Comparison& c, const std::filesystem::path& file) {
  const bool bad = compare_exit(c) != 0;
  std::string body;
  append_element(body, "h1", fmt::format("Compare {} → {}", c.a.id, c.b.id));
  body += "<div class=\"verdicts\">";
  append_element(body, "span", bad ? "REGRESSION" : "NO REGRESSION", bad ? "overall fail" : "overall pass");
  append_element(body, "span",
                 fmt::format("{} of {} scenarios regressed", c.regressions, c.scenarios.size()),
                 "note");
  body += "</div>\n<table class=\"meta\">\n";
  meta_row(body, "A", side_text(c.a));
  meta_row(body, "B", side_text(c.b));
  std::string tols;
  for (const auto& m : compare_metrics())
    tols += fmt::format("{}{} {}", tols.empty() ? "" : ", ", m.name,
                        tolerance_text(m, c.tolerances.at(std::string(m.name))));
  meta_row(body, "tolerances", tols);
  meta_row(body, "exit code", std::to_string(compare_exit(c)));
  body += "</table>\n";

  append_element(body, "h2", "Scenarios");
  body += "<table class=\"grid\"><tr><th>scenario</th><th>metric</th><th>A</th><th>B</th>"
          "<th>delta</th><th>allowed</th><th></th></tr>\n";
  for (const auto& s : c.scenarios) scenario_rows(body, s);
  body += "</table>\n";

  append_element(body, "h2", "Packages");
  for (const auto& p : c.packages) packages_section(body, p);
  if (!c.notes.empty()) {
    append_element(body, "h2", "Notes");
    body += "<ul>";
    for (const auto& n : c.notes) append_element(body, "li", n, "note");
    body += "</ul>\n";
  }
  append_element(body, "p",
                 fmt::format("Generated by harness {} (harness compare; rules in docs/COMPARE.md).",
                             HARNESS_VERSION),
                 "note");
  write_file_atomically(file, html_page(fmt::format("compare {} → {} — {}", c.a.id, c.b.id,
                                                    bad ? "REGRESSION" : "NO REGRESSION"),
                                        body));
}

}  // namespace harness
