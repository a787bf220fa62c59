// The HTML report: what a storage engineer opens first. Top to bottom: verdicts and the numbers
// behind them, the run's identity (seed, run id, lab, versions), links to the run's files, the
// timeline (the stall marked on the I/O plot, a lane per path device), the checks with
// their evidence, the faults and fencing events with exact times, the phases. Every string from
// the run goes through append_html_escaped: node log lines contain <, & and quotes.
#include <fmt/format.h>

#include "reports/anatomy_waterfall.hpp"
#include "reports/evidence_text.hpp"
#include "reports/file_output.hpp"
#include "reports/html_template.hpp"
#include "reports/key_figures.hpp"
#include "reports/run_files.hpp"
#include "reports/stall_marks.hpp"
#include "reports/text_util.hpp"
#include "reports/timeline_model.hpp"
#include "reports/timeline_svg.hpp"
#include "reports/writers.hpp"

namespace harness {

namespace {

constexpr std::size_t kEvidenceLines = 2000;

// Appends a tag with escaped text: el(out, "td", text) -> <td>text</td>.
void el(std::string& out, std::string_view tag, std::string_view text,
        std::string_view cls = {}) {
  append_element(out, tag, text, cls);
}

void meta_row(std::string& out, std::string_view key, std::string_view value) {
  out += "<tr>";
  el(out, "th", key);
  el(out, "td", value, "kv");
  out += "</tr>\n";
}

std::string overall(const RunReport& r) {
  switch (r.exit_code) {
    case 0: return "PASSED";
    case 1: return "FAILED";
    case 2: return "SCENARIO ERROR";
    default: return "LAB ERROR";
  }
}

void header(std::string& out, const RunReport& r, const History& h) {
  el(out, "h1", r.scenario_name.empty() ? "unnamed scenario" : r.scenario_name);
  if (!r.description.empty()) el(out, "p", r.description, "desc");
  out += "<div class=\"verdicts\">";
  el(out, "span", overall(r), r.exit_code == 0 ? "overall pass" : "overall fail");
  for (const auto& c : r.checks)
    el(out, "span", fmt::format("{}: {}", c.name, to_string(c.verdict)),
       fmt::format("verdict {}", to_string(c.verdict)));
  if (r.suspect) el(out, "span", "SUSPECT", "overall suspect");
  out += "</div>\n";
  if (r.suspect) el(out, "div", "SUSPECT: " + r.suspect_reason, "suspect-box");
  if (!r.error.empty()) el(out, "div", r.error, "error-box");
  // Per check, failed ones first: its summary and the figures that matter (key_figures.hpp).
  out += "<div class=\"keymetrics\">";
  for (const CheckResult* c : checks_by_urgency(r.checks)) {
    out += fmt::format("<div class=\"keycheck {}\">", to_string(c->verdict));
    el(out, "b", fmt::format("{} {}: ", c->name, to_string(c->verdict)));
    el(out, "span", c->summary);
    std::string figures;
    for (const auto& f : key_figures(*c)) figures += (figures.empty() ? "" : " · ") + f;
    if (!figures.empty()) el(out, "div", figures, "figures");
    out += "</div>";
  }
  out += "</div>\n<table class=\"meta\">\n";
  meta_row(out, "run id", r.run_id.empty() ? h.header().run_id : r.run_id);
  meta_row(out, "seed", std::to_string(r.seed));
  meta_row(out, "lab", r.lab);
  meta_row(out, "scenario file", r.scenario_file);
  meta_row(out, "started", r.started_realtime_ns ? utc_human(r.started_realtime_ns) : "unknown");
  meta_row(out, "time to verdict", fmt::format("{:.3f} s", r.duration_s));
  meta_row(out, "exit code", std::to_string(r.exit_code));
  std::string versions;
  for (const auto& [k, v] : flatten_metrics(r.versions))
    versions += fmt::format("{}{} {}", versions.empty() ? "" : "\n", k, v);
  meta_row(out, "versions", versions.empty() ? "not recorded" : versions);
  out += "</table>\n";
}

// Links into the run directory (relative, so a copied directory keeps them working): the run's
// own files one per line, a node's logs on one line.
void files(std::string& out, const std::vector<RunFileLink>& links) {
  if (links.empty()) return;
  out += "<h2>Files</h2>\n<ul class=\"files\">";
  std::string open_dir;
  for (const auto& l : links) {
    const auto slash = l.name.rfind('/');
    const std::string dir = slash == std::string::npos ? "" : l.name.substr(0, slash);
    if (dir != open_dir && !open_dir.empty()) out += "</li>";
    if (dir.empty()) {
      out += "<li>";
      append_link(out, l.href, l.name);
      if (!l.what.empty()) append_html_escaped(out, ": " + l.what);
      out += "</li>";
    } else {
      if (dir != open_dir) {
        out += "<li>";
        append_html_escaped(out, dir + "/:");
      }
      out += ' ';
      append_link(out, l.href, l.name.substr(slash + 1));
    }
    open_dir = dir;
  }
  if (!open_dir.empty()) out += "</li>";
  out += "</ul>\n";
}

void timeline(std::string& out, const TimelineModel& m, const History& h,
              const std::vector<StallMark>& stalls) {
  out += "<h2>Timeline</h2>\n";
  std::string note = fmt::format(
      "x: seconds from {}", m.origin_label);
  if (h.header().realtime_anchor_ns != 0)
    note += fmt::format(" ({})", utc_human(h.to_realtime_ns(m.origin_ns)));
  note += fmt::format(". {} I/Os completed, {} with errors, max latency {:.3f} s; buckets of {:g} ms.",
                      m.io_total, m.io_errors, static_cast<double>(m.io_max_lat_ns) / 1e9,
                      static_cast<double>(m.io.bucket_ns) / 1e6);
  el(out, "p", note, "note");
  out += "<p class=\"legend\">"
         "<span><i class=\"faultkey\"></i>fault, inject to heal</span>"
         "<span><i class=\"good\"></i>all paths up / optimized / online</span>"
         "<span><i class=\"info\"></i>non-optimized / informational</span>"
         "<span><i class=\"warn\"></i>degraded / transitioning</span>"
         "<span><i class=\"bad\"></i>no path / unavailable / offline</span>"
         "<span><i class=\"off\"></i>standby</span>"
         "<span><i class=\"nodata\"></i>no data: the observer was off or paused</span>"
         "<span>paths: active/total per target node; sda…: each path device's dm state "
         "(/checker when it differs) and priority; ALUA: AO, ANO, S(tandby), U(navailable), "
         "T(ransitioning)</span>"
         "<span><i class=\"stallkey\"></i>stall (path_switch check)</span>"
         "<span><i class=\"limitkey\"></i>its limit from the stall's start</span>"
         "<span><i class=\"releasekey\"></i>the layer event that released I/O</span>"
         "<span><i class=\"pathlosskey\"></i>journal: path failed</span></p>\n";
  out += render_timeline_svg(m, stalls);
  out += "\n";
}

void anatomy(std::string& out, const RunReport& r) {
  const std::string wf = render_anatomy_waterfall(r);
  if (wf.empty()) return;
  out += "<h2>Failover anatomy</h2>\n";
  el(out, "p",
     "Per fault, the critical path from the fault to the first I/O after the stall, in seconds "
     "after the fault: each bar a step bounded by two layer events, whiskers its end's error "
     "bound, red the step whose end released I/O, yellow the stall, purple the submission of the "
     "first I/O held across it. Steps that did not happen are absent (docs/ANATOMY.md).",
     "note");
  out += wf;
}

void checks(std::string& out, const RunReport& r, const TimeBase& base) {
  out += "<h2>Checks</h2>\n<table class=\"grid checks\"><tr><th>check</th><th>verdict</th>"
         "<th>summary</th><th>metrics</th></tr>\n";
  for (const auto& c : r.checks) {
    out += "<tr>";
    el(out, "td", c.name);
    out += "<td>";
    el(out, "span", to_string(c.verdict), fmt::format("verdict {}", to_string(c.verdict)));
    out += "</td>";
    el(out, "td", c.summary);
    std::string metrics;
    for (const auto& [k, v] : flatten_metrics(c.metrics))
      metrics += fmt::format("{}{} = {}", metrics.empty() ? "" : "\n", k, v);
    el(out, "td", metrics, "kv");
    out += "</tr>\n<tr><td></td><td colspan=\"3\"><details><summary>";
    const std::size_t n = c.evidence.is_array() ? c.evidence.size() : 0;
    append_html_escaped(out, fmt::format("evidence ({} events)", n));
    out += "</summary>";
    el(out, "pre", evidence_text(c.evidence, base, kEvidenceLines));
    out += "</details></td></tr>\n";
  }
  out += "</table>\n";
}

void faults_and_events(std::string& out, const TimelineModel& m) {
  auto rel = [&](std::int64_t t) { return signed_seconds(t - m.origin_ns); };
  if (!m.faults.empty()) {
    out += "<h2>Faults</h2>\n<table class=\"grid\"><tr><th>step</th><th>fault</th><th>node</th>"
           "<th>injected (s)</th><th>healed (s)</th><th>duration (s)</th></tr>\n";
    for (const auto& f : m.faults) {
      out += "<tr>";
      el(out, "td", f.step);
      el(out, "td", f.type);
      el(out, "td", f.node);
      el(out, "td", rel(f.inject_ns), "num");
      el(out, "td", f.healed ? rel(f.heal_ns) : "not healed", "num");
      el(out, "td", f.healed ? fmt::format("{:.3f}", (f.heal_ns - f.inject_ns) / 1e9) : "", "num");
      out += "</tr>\n";
    }
    out += "</table>\n";
  }
  if (!m.markers.empty()) {
    out += "<h2>Fencing and hypervisor events</h2>\n<table class=\"grid\"><tr><th>t (s)</th>"
           "<th>event</th><th>detail</th></tr>\n";
    for (const auto& mk : m.markers) {
      out += "<tr>";
      el(out, "td", rel(mk.t_ns), "num");
      el(out, "td", mk.label, "kv");
      el(out, "td", mk.detail, "kv");
      out += "</tr>\n";
    }
    out += "</table>\n";
    if (m.markers_dropped)
      el(out, "p", fmt::format("{} more events not listed; see history.jsonl.", m.markers_dropped),
         "note");
  }
}

void phases(std::string& out, const RunReport& r) {
  out += "<h2>Phases</h2>\n<table class=\"grid\"><tr><th>phase</th><th>state</th>"
         "<th>duration (s)</th><th>error</th></tr>\n";
  for (const auto& p : r.phases) {
    out += "<tr>";
    el(out, "td", p.name);
    el(out, "td", p.state, p.state == "failed" ? "verdict fail" : "");
    el(out, "td", fmt::format("{:.3f}", p.duration_s), "num");
    el(out, "td", p.error, "kv");
    out += "</tr>\n";
  }
  out += "</table>\n";
}

}  // namespace

void write_html(const RunReport& report, const History& history,
                const std::filesystem::path& path) {
  const std::vector<Event> events = history.events();
  const TimelineModel model = build_timeline(events);
  const TimeBase base = fault_time_base(events);

  std::string body;
  body.reserve(256 * 1024);
  header(body, report, history);
  files(body, run_file_links(path.has_parent_path() ? path.parent_path() : std::filesystem::path(".")));
  timeline(body, model, history, stall_marks(report.checks, model.faults));
  anatomy(body, report);
  checks(body, report, base);
  faults_and_events(body, model);
  phases(body, report);
  el(body, "p",
     fmt::format("Generated by harness {} from history.jsonl and result.json of run {}.",
                 HARNESS_VERSION, report.run_id),
     "note");
  write_file_atomically(path, html_page(fmt::format("{} — {} — {}", report.scenario_name,
                                                    overall(report), report.run_id),
                                        body));
}

}  // namespace harness
