// JUnit XML, the subset Jenkins (junit plugin) and GitLab (test reports) read; the schema is
// reports/junit.xsd. One <testsuite> per scenario run, one <testcase> per check:
//   pass    -> plain testcase, the summary in <system-out>
//   fail    -> <failure type="check_failed" message=summary> with the evidence as text
//   unknown -> <skipped message=summary> (the check could not decide: not green, not red)
// and a scenario or lab error (exit 2/3) adds a testcase "run" with <error>, so CI shows red even
// when no check ran. pugixml does the escaping; xml_safe removes what XML cannot carry at all.
#include <unistd.h>

#include <algorithm>
#include <array>
#include <sstream>

#include <fmt/format.h>
#include <pugixml.hpp>

#include "reports/evidence_text.hpp"
#include "reports/file_output.hpp"
#include "reports/text_util.hpp"
#include "reports/writers.hpp"

namespace harness {

namespace {

struct Counts {
  int tests = 0, failures = 0, errors = 0, skipped = 0;
  double time = 0;
};

void attr(pugi::xml_node n, const char* name, std::string_view value) {
  n.append_attribute(name).set_value(xml_safe(value).c_str());
}

std::string seconds(double s) { return fmt::format("{:.3f}", std::max(0.0, s)); }

void set_counts(pugi::xml_node n, const Counts& c) {
  attr(n, "tests", std::to_string(c.tests));
  attr(n, "failures", std::to_string(c.failures));
  attr(n, "errors", std::to_string(c.errors));
  attr(n, "skipped", std::to_string(c.skipped));
  attr(n, "time", seconds(c.time));
}

void property(pugi::xml_node props, std::string_view name, std::string_view value) {
  auto p = props.append_child("property");
  attr(p, "name", name);
  attr(p, "value", value);
}

void text_child(pugi::xml_node parent, const char* name, std::string_view text) {
  parent.append_child(name).append_child(pugi::node_pcdata).set_value(xml_safe(text).c_str());
}

std::string local_hostname() {
  std::array<char, 256> buf{};
  if (::gethostname(buf.data(), buf.size() - 1) != 0) return "localhost";
  return buf.data();
}

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
  out += fmt::format("run {}  seed {}  exit code {}\n", r.run_id, r.seed, r.exit_code);
  for (const auto& p : r.phases) {
    out += fmt::format("phase {:<10} {:<8} {:>9.3f} s", p.name, p.state, p.duration_s);
    if (!p.error.empty()) out += "  " + p.error;
    out += '\n';
  }
  return out;
}

Counts add_suite(pugi::xml_node root, const RunReport& r) {
  Counts c;
  c.time = r.duration_s;
  auto suite = root.append_child("testsuite");
  const std::string scenario = r.scenario_name.empty() ? "unnamed" : r.scenario_name;
  attr(suite, "name", scenario);
  const bool run_error = !r.error.empty() || r.exit_code >= 2;

  auto props = suite.append_child("properties");
  property(props, "seed", std::to_string(r.seed));
  property(props, "run_id", r.run_id);
  property(props, "lab", r.lab);
  property(props, "harness_version", harness_version(r));
  property(props, "scenario_file", r.scenario_file);
  property(props, "exit_code", std::to_string(r.exit_code));
  for (const auto& [k, v] : flatten_metrics(r.versions))
    if (k != "harness") property(props, "version." + k, v);

  const TimeBase base = evidence_time_base(r.checks);
  const std::string classname = "harness." + scenario;
  for (const auto& check : r.checks) {
    ++c.tests;
    auto tc = suite.append_child("testcase");
    attr(tc, "classname", classname);
    attr(tc, "name", check.name);
    attr(tc, "time", seconds(0));  // checks read a finished history: they take no run time
    const auto metrics = flatten_metrics(check.metrics);
    if (!metrics.empty()) {
      auto tprops = tc.append_child("properties");
      for (const auto& [k, v] : metrics) property(tprops, k, v);
    }
    if (check.verdict == Verdict::fail) {
      ++c.failures;
      auto f = tc.append_child("failure");
      attr(f, "message", check.summary);
      attr(f, "type", "check_failed");
      f.append_child(pugi::node_pcdata)
          .set_value(xml_safe(check.summary + "\n\n" + evidence_text(check.evidence, base)).c_str());
    } else if (check.verdict == Verdict::unknown) {
      ++c.skipped;
      auto s = tc.append_child("skipped");
      attr(s, "message", check.summary.empty() ? "verdict unknown" : check.summary);
    } else {
      text_child(tc, "system-out", check.summary);
    }
  }
  if (run_error) {
    ++c.tests;
    ++c.errors;
    auto tc = suite.append_child("testcase");
    attr(tc, "classname", classname);
    attr(tc, "name", "run");
    attr(tc, "time", seconds(r.duration_s));
    auto e = tc.append_child("error");
    attr(e, "message", r.error.empty() ? fmt::format("exit code {}", r.exit_code) : r.error);
    attr(e, "type", error_type(r.exit_code));
    e.append_child(pugi::node_pcdata).set_value(xml_safe(error_text(r)).c_str());
  }
  text_child(suite, "system-out", phases_text(r));

  // Counted while the testcases were written; attribute order means nothing to readers.
  set_counts(suite, c);
  attr(suite, "timestamp", utc_timestamp(r.started_realtime_ns));
  attr(suite, "hostname", run_hostname(r));
  return c;
}

}  // namespace

void write_junit(const std::vector<RunReport>& reports, const std::filesystem::path& path) {
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  auto root = doc.append_child("testsuites");
  attr(root, "name", "harness");
  Counts total;
  for (const auto& r : reports) {
    const Counts c = add_suite(root, r);
    total.tests += c.tests;
    total.failures += c.failures;
    total.errors += c.errors;
    total.skipped += c.skipped;
    total.time += c.time;
  }
  set_counts(root, total);
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  write_file_atomically(path, out.str());
}

}  // namespace harness
