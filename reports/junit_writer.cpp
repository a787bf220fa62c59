// JUnit XML of runs, the subset Jenkins (junit plugin) and GitLab (test reports) read; the schemas
// are reports/junit.xsd (the project's) and reports/junit-ant.xsd (the Ant layout as
// Jenkins reads it). One <testsuite> per scenario run, one <testcase> per check:
//   pass    -> plain testcase, the summary in <system-out>
//   fail    -> <failure type="check_failed" message=summary> with the evidence as text
//   unknown -> <error type="undecided" message=summary>: the check could not decide, and a CI
//              job must not show a run that proves nothing as green (nor as skipped)
// and a testcase "run" for the run itself: it carries the run's real duration (the checks read a
// finished history and take none), and an <error> when the scenario or the lab failed (exit 2/3),
// so CI shows red even when no check ran. pugixml does the escaping; xml_safe removes what XML
// cannot carry at all.
#include <fmt/format.h>

#include "reports/anatomy_text.hpp"
#include "reports/evidence_text.hpp"
#include "reports/junit_xml.hpp"
#include "reports/text_util.hpp"
#include "reports/writers.hpp"

namespace harness {

namespace {

using namespace junit_xml;

// Where the run happened: the runner may record it in versions (a re-render elsewhere must not
// claim the rendering machine ran the test); else this host.
std::string run_hostname(const RunReport& r) {
  for (const char* key : {"host", "hostname"})
    if (auto it = r.versions.find(key); it != r.versions.end() && it->is_string())
      return it->get<std::string>();
  return local_hostname();
}

std::string harness_version(const RunReport& r) {
  if (auto it = r.versions.find("harness"); it != r.versions.end() && it->is_string())
    return it->get<std::string>();
  return HARNESS_VERSION;
}

std::string_view error_type(int exit_code) {
  switch (exit_code) {
    case 2: return "scenario_error";
    case 3: return "infrastructure_error";
    default: return "run_error";
  }
}

std::string error_text(const RunReport& r) {
  std::string text = r.error.empty() ? fmt::format("run ended with exit code {}", r.exit_code)
                                     : r.error;
  text += '\n';
  for (const auto& p : r.phases)
    if (p.state == "failed")
      text += fmt::format("phase {} failed after {:.3f} s: {}\n", p.name, p.duration_s, p.error);
  return text;
}

std::string phases_text(const RunReport& r) {
  std::string out;
  if (!r.description.empty()) out += r.description + "\n\n";
  out += fmt::format("run {}  seed {}  exit code {}  lab {}\n", r.run_id, r.seed, r.exit_code,
                     r.lab_mode);
  if (r.suspect) out += "SUSPECT: " + r.suspect_reason + "\n";
  for (const auto& p : r.phases) {
    out += fmt::format("phase {:<10} {:<8} {:>9.3f} s", p.name, p.state, p.duration_s);
    if (!p.error.empty()) out += "  " + p.error;
    out += '\n';
  }
  return out;
}

// A failure on a suspect run is reported as such: the host starved the guests, so the message
// says so where CI shows it first.
std::string with_suspect(const RunReport& r, std::string message) {
  if (r.suspect) message += fmt::format(" [suspect run: {}]", r.suspect_reason);
  return message;
}

void add_check(pugi::xml_node suite, const RunReport& r, const CheckResult& check,
               const std::string& classname, const TimeBase& base, Counts& c) {
  ++c.tests;
  auto tc = suite.append_child("testcase");
  attr(tc, "classname", classname);
  attr(tc, "name", check.name);
  attr(tc, "time", seconds(0));  // checks read a finished history: the run testcase has the time
  const auto metrics = flatten_metrics(check.metrics);
  if (!metrics.empty()) {
    auto tprops = tc.append_child("properties");
    for (const auto& [k, v] : metrics) property(tprops, k, v);
  }
  // The anatomy, one line per step (path_switch), between the summary and the evidence.
  std::string summary = check.summary;
  for (const auto& line : anatomy_lines(check)) summary += "\n" + line;
  const std::string evidence = summary + "\n\n" + evidence_text(check.evidence, base);
  if (check.verdict == Verdict::fail) {
    ++c.failures;
    problem(tc, "failure", "check_failed", with_suspect(r, check.summary), evidence);
  } else if (check.verdict == Verdict::unknown) {
    ++c.errors;
    problem(tc, "error", "undecided",
            with_suspect(r, check.summary.empty() ? "the check could not decide" : check.summary),
            evidence);
  } else {
    text_child(tc, "system-out", summary);
  }
}

void add_run_case(pugi::xml_node suite, const RunReport& r, const std::string& classname,
                  Counts& c) {
  ++c.tests;
  auto tc = suite.append_child("testcase");
  attr(tc, "classname", classname);
  attr(tc, "name", "run");
  attr(tc, "time", seconds(r.duration_s));
  if (r.suspect) {
    auto props = tc.append_child("properties");
    property(props, "suspect", "true");
    property(props, "suspect_reason", r.suspect_reason);
  }
  if (!r.error.empty() || r.exit_code >= 2) {
    ++c.errors;
    problem(tc, "error", error_type(r.exit_code),
            r.error.empty() ? fmt::format("exit code {}", r.exit_code) : r.error, error_text(r));
  } else {
    text_child(tc, "system-out",
               fmt::format("ran to its verdict in {:.3f} s, exit code {}{}", r.duration_s,
                           r.exit_code, r.suspect ? "; SUSPECT: " + r.suspect_reason : ""));
  }
}

Counts add_run_suite(pugi::xml_node root, const RunReport& r, int id) {
  Counts c;
  c.time = r.duration_s;
  const std::string scenario = r.scenario_name.empty() ? "unnamed" : r.scenario_name;
  auto suite = add_suite(root, scenario, id);

  auto props = suite.append_child("properties");
  property(props, "seed", std::to_string(r.seed));
  property(props, "run_id", r.run_id);
  property(props, "lab", r.lab);
  property(props, "lab_mode", r.lab_mode);
  property(props, "harness_version", harness_version(r));
  property(props, "scenario_file", r.scenario_file);
  property(props, "exit_code", std::to_string(r.exit_code));
  property(props, "suspect", r.suspect ? "true" : "false");
  if (r.suspect) property(props, "suspect_reason", r.suspect_reason);
  for (const auto& [k, v] : flatten_metrics(r.versions))
    if (k != "harness") property(props, "version." + k, v);

  const TimeBase base = evidence_time_base(r.checks);
  const std::string classname = "harness." + scenario;
  for (const auto& check : r.checks) add_check(suite, r, check, classname, base, c);
  add_run_case(suite, r, classname, c);
  text_child(suite, "system-out", phases_text(r));
  finish_suite(suite, c, r.started_realtime_ns, run_hostname(r));
  return c;
}

}  // namespace

void write_junit(const std::vector<RunReport>& reports, const std::filesystem::path& path) {
  pugi::xml_document doc;
  auto root = start_document(doc, "harness");
  Counts total;
  int id = 0;
  for (const auto& r : reports) total.add(add_run_suite(root, r, id++));
  set_counts(root, total);
  save(doc, path.string());
}

}  // namespace harness
