// The matrix's junit.xml: one testcase per scenario, judged over its repeats, so that CI's test
// history follows a scenario from night to night whatever the repeat count or the sharding. What
// decides it (pass count, required rate) and every repeat's run directory are in the testcase,
// because a red nightly is only useful if it says which run to open.
#include <fmt/format.h>

#include "harness/core/matrix_verdict.hpp"
#include "reports/junit_xml.hpp"
#include "reports/matrix_reports.hpp"
#include "reports/matrix_text.hpp"

namespace harness {

namespace {

using namespace junit_xml;

std::string rate_text(double rate) { return fmt::format("{:g}", rate); }

std::string percent(double rate) { return fmt::format("{:.0f}%", rate * 100); }

// One line a CI page shows first: why the scenario is red, and that it is a flake or suspect.
std::string verdict_message(const ScenarioOutcome& s, double required) {
  const RepeatCounts c = count_repeats(s);
  std::string msg;
  if (c.passes + c.fails == 0)
    msg = fmt::format("every repeat ended in an error ({} of {}): no verdict on the storage stack",
                      c.errors, c.total);
  else
    msg = fmt::format("{} ({} passed, {} required)", pass_count(s), percent(s.pass_rate),
                      percent(required));
  if (s.flake) msg += "; FLAKE: verdicts differ between repeats";
  if (const std::string why = suspect_reasons(s); !why.empty()) msg += "; SUSPECT: " + why;
  return msg;
}

std::string repeats_text(const ScenarioOutcome& s) {
  std::string out;
  if (s.flake) out += "FLAKE: verdicts differ between repeats\n";
  if (const std::string why = suspect_reasons(s); !why.empty())
    out += "SUSPECT (the host starved the guests; the verdict is not one to trust): " + why + "\n";
  for (const auto& r : s.repeats) out += repeat_line(r) + "\n";
  // GitLab and Jenkins (junit-attachments) link these: the report of each repeat that did not pass.
  for (const auto& r : s.repeats)
    if (r.exit_code != 0 && !r.run_dir.empty())
      out += fmt::format("[[ATTACHMENT|{}/report.html]]\n", r.run_dir);
  return out;
}

void add_scenario_case(pugi::xml_node suite, const ScenarioOutcome& s, double required,
                       Counts& c) {
  const RepeatCounts rc = count_repeats(s);
  double time = 0;
  for (const auto& r : s.repeats) time += r.duration_s;
  ++c.tests;
  c.time += time;

  auto tc = suite.append_child("testcase");
  const std::string key = deploy_key_of(s);
  attr(tc, "classname", key.empty() ? "harness" : key);
  attr(tc, "name", s.scenario);
  attr(tc, "time", seconds(time));

  auto props = tc.append_child("properties");
  property(props, "flake", s.flake ? "true" : "false");
  property(props, "suspect", rc.suspects > 0 ? "true" : "false");
  if (rc.suspects > 0) property(props, "suspect_reason", suspect_reasons(s));
  property(props, "repeats", std::to_string(rc.total));
  property(props, "passes", std::to_string(rc.passes));
  property(props, "fails", std::to_string(rc.fails));
  property(props, "errors", std::to_string(rc.errors));
  property(props, "pass_rate", rate_text(s.pass_rate));
  property(props, "pass_rate_required", rate_text(required));
  property(props, "scenario_file", s.file);

  const std::string text = repeats_text(s);
  if (s.exit_code == 1) {
    ++c.failures;
    problem(tc, "failure", s.flake ? "flaky_failure" : "check_failed", verdict_message(s, required),
            text);
  } else if (s.exit_code >= 2) {
    ++c.errors;
    problem(tc, "error", s.exit_code == 2 ? "scenario_error" : "infrastructure_error",
            verdict_message(s, required), text);
  }
  text_child(tc, "system-out", text);
}

}  // namespace

void write_matrix_junit(const MatrixResult& m, const std::filesystem::path& file) {
  pugi::xml_document doc;
  auto root = start_document(doc, "harness matrix");
  auto suite = add_suite(root, "harness matrix", 0);
  auto props = suite.append_child("properties");
  property(props, "matrix_id", m.matrix_id);
  property(props, "seed", std::to_string(m.seed));
  property(props, "shard", fmt::format("{}/{}", m.shard_index, m.shard_count));
  property(props, "repeat", std::to_string(m.repeat));
  property(props, "pass_rate_required", rate_text(m.pass_rate_required));
  property(props, "harness_version", HARNESS_VERSION);
  const MatrixTotals t = matrix_totals(m);
  property(props, "flakes", std::to_string(t.flakes));
  property(props, "suspects", std::to_string(t.suspects));

  Counts c;
  for (const auto& s : m.scenarios) add_scenario_case(suite, s, m.pass_rate_required, c);
  text_child(suite, "system-out", render_matrix_summary(m));
  finish_suite(suite, c, m.started_realtime_ns, local_hostname());
  set_counts(root, c);
  save(doc, file.string());
}

}  // namespace harness
