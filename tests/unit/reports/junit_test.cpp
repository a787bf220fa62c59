// JUnit XML: the counts CI shows, failure vs undecided error, the run testcase with the real
// duration, the properties, the escaping of hostile strings, and validity against reports/junit.xsd
// and reports/junit-ant.xsd (checked by xmllint, with negative controls so that a schema accepting
// anything would fail here).
#include <gtest/gtest.h>

#include <fstream>

#include <pugixml.hpp>

#include "reports/text_util.hpp"
#include "reports/writers.hpp"
#include "tests/unit/reports/report_fixtures.hpp"

namespace harness {
namespace {

using namespace harness::testing;

RunReport errored_report() {
  RunReport r;
  r.run_id = "run-2";
  r.scenario_name = "node-kill-standby";
  r.seed = 7;
  r.exit_code = 3;
  r.duration_s = 12.5;
  r.error = "n2: virsh start failed: exit 1: error: <domain> & \"quota\"";
  r.phases = {{"provision", "failed", 12.5, "virsh start failed"}};
  return r;
}

pugi::xml_document load(const std::filesystem::path& p) {
  pugi::xml_document doc;
  const auto res = doc.load_file(p.c_str());
  EXPECT_TRUE(res) << res.description() << " at " << res.offset;
  return doc;
}

std::string property(pugi::xml_node parent, const char* name) {
  return parent.child("properties")
      .find_child_by_attribute("property", "name", name)
      .attribute("value")
      .as_string("<absent>");
}

TEST(JunitWriter, OneSuitePerReportWithCountsAndTotals) {
  const auto dir = temp_dir("junit-counts");
  write_junit({sample_report(), errored_report()}, dir / "junit.xml");
  auto doc = load(dir / "junit.xml");
  auto root = doc.child("testsuites");
  ASSERT_TRUE(root);
  // sample: 3 checks (pass, fail, unknown) + the run; errored: the run alone.
  EXPECT_EQ(root.attribute("tests").as_int(), 5);
  EXPECT_EQ(root.attribute("failures").as_int(), 1);
  EXPECT_EQ(root.attribute("errors").as_int(), 2);
  EXPECT_EQ(root.attribute("skipped").as_int(), 0);
  EXPECT_STREQ(root.attribute("time").value(), "195.750");

  auto s1 = root.child("testsuite");
  auto s2 = s1.next_sibling("testsuite");
  ASSERT_TRUE(s1 && s2);
  EXPECT_FALSE(s2.next_sibling("testsuite"));
  EXPECT_STREQ(s1.attribute("name").value(), "link-cut-active");
  EXPECT_STREQ(s1.attribute("id").value(), "0");
  EXPECT_STREQ(s2.attribute("id").value(), "1");
  EXPECT_EQ(s1.attribute("tests").as_int(), 4);
  EXPECT_EQ(s1.attribute("failures").as_int(), 1);
  EXPECT_EQ(s1.attribute("errors").as_int(), 1);
  EXPECT_EQ(s1.attribute("skipped").as_int(), 0);
  EXPECT_STREQ(s1.attribute("time").value(), "183.250");
  EXPECT_STREQ(s1.attribute("timestamp").value(), "2024-05-01T12:00:00");
  EXPECT_STRNE(s1.attribute("hostname").value(), "");

  EXPECT_STREQ(s2.attribute("name").value(), "node-kill-standby");
  EXPECT_EQ(s2.attribute("tests").as_int(), 1);
  EXPECT_EQ(s2.attribute("errors").as_int(), 1);
  EXPECT_EQ(s2.attribute("failures").as_int(), 0);
}

TEST(JunitWriter, SuitePropertiesIdentifyTheRun) {
  const auto dir = temp_dir("junit-props");
  write_junit({sample_report()}, dir / "junit.xml");
  auto doc = load(dir / "junit.xml");
  auto suite = doc.child("testsuites").child("testsuite");
  EXPECT_EQ(property(suite, "seed"), "18446744073709551615");
  EXPECT_EQ(property(suite, "run_id"), "20240501-120000-ab12");
  EXPECT_EQ(property(suite, "lab"), "libvirt qemu:///system (kvm)");
  EXPECT_EQ(property(suite, "harness_version"), "0.1.0");
  EXPECT_EQ(property(suite, "version.libvirt"), "9.0.0");
  EXPECT_EQ(property(suite, "version.image.recipe"), "abc123");
}

TEST(JunitWriter, ChecksBecomeTestcasesWithVerdictElementsAndMetrics) {
  const auto dir = temp_dir("junit-cases");
  write_junit({sample_report()}, dir / "junit.xml");
  auto doc = load(dir / "junit.xml");
  auto suite = doc.child("testsuites").child("testsuite");

  auto ps = suite.find_child_by_attribute("testcase", "name", "path_switch");
  ASSERT_TRUE(ps);
  EXPECT_STREQ(ps.attribute("classname").value(), "harness.link-cut-active");
  EXPECT_TRUE(ps.attribute("time"));
  EXPECT_FALSE(ps.child("failure") || ps.child("skipped") || ps.child("error"));
  EXPECT_EQ(property(ps, "longest_stall_s"), "4.2");
  EXPECT_EQ(property(ps, "faults.0.stall_s"), "4.2");
  EXPECT_EQ(property(ps, "faults.0.step"), "cut");

  auto in = suite.find_child_by_attribute("testcase", "name", "integrity");
  ASSERT_TRUE(in);
  auto failure = in.child("failure");
  ASSERT_TRUE(failure);
  EXPECT_FALSE(in.child("skipped"));
  EXPECT_STREQ(failure.attribute("type").value(), "check_failed");
  EXPECT_EQ(std::string(failure.attribute("message").value()), "readback: 3 blocks " + kNasty);
  EXPECT_EQ(property(in, "readback_errors"), "3");
  EXPECT_EQ(property(in, "verified"), "true");
  // Evidence: one line per event, seconds from the first fault.
  const std::string text = failure.text().get();
  EXPECT_NE(text.find("times in seconds from first fault: inject link_cut on n1"), std::string::npos)
      << text;
  EXPECT_NE(text.find("  +0.000 s  inject      link_cut   n1"), std::string::npos) << text;
  EXPECT_NE(text.find("  +4.200 s  io          write      initiator"), std::string::npos) << text;
  EXPECT_NE(text.find(" +50.000 s  verify      readback"), std::string::npos) << text;

  // Undecided: an error CI shows red, never a skipped test it shows as harmless.
  auto fe = suite.find_child_by_attribute("testcase", "name", "fencing");
  ASSERT_TRUE(fe);
  EXPECT_FALSE(fe.child("skipped"));
  EXPECT_FALSE(fe.child("failure"));
  ASSERT_TRUE(fe.child("error"));
  EXPECT_STREQ(fe.child("error").attribute("type").value(), "undecided");
  EXPECT_EQ(std::string(fe.child("error").attribute("message").value()),
            "no lifecycle events: " + kNasty);
  EXPECT_EQ(property(fe, "resume_margin_s"), "null");

  // The run itself carries the real duration; it passed (the checks judge the storage stack).
  auto run = suite.find_child_by_attribute("testcase", "name", "run");
  ASSERT_TRUE(run);
  EXPECT_STREQ(run.attribute("time").value(), "183.250");
  EXPECT_FALSE(run.child("error") || run.child("failure") || run.child("skipped"));
  double sum = 0;
  for (auto tc : suite.children("testcase")) sum += tc.attribute("time").as_double();
  EXPECT_DOUBLE_EQ(sum, 183.25);  // GitLab adds testcase times up for the suite's duration
}

TEST(JunitWriter, SuspectRunIsMarkedWhereCiShowsIt) {
  const auto dir = temp_dir("junit-suspect");
  RunReport r = sample_report();
  r.suspect = true;
  r.suspect_reason = "n1 vCPU not scheduled for 2.40 s (limit 1.00 s)";
  write_junit({r, errored_report()}, dir / "junit.xml");
  auto doc = load(dir / "junit.xml");
  auto suite = doc.child("testsuites").child("testsuite");
  EXPECT_EQ(property(suite, "suspect"), "true");
  EXPECT_EQ(property(suite, "suspect_reason"), r.suspect_reason);
  const std::string msg = suite.find_child_by_attribute("testcase", "name", "integrity")
                              .child("failure").attribute("message").value();
  EXPECT_NE(msg.find("[suspect run: n1 vCPU not scheduled for 2.40 s"), std::string::npos) << msg;
  EXPECT_EQ(property(suite.find_child_by_attribute("testcase", "name", "run"), "suspect"), "true");
  // A run that was not suspect says so too, and its messages carry no mark.
  auto s2 = suite.next_sibling("testsuite");
  EXPECT_EQ(property(s2, "suspect"), "false");
  EXPECT_EQ(std::string(s2.find_child_by_attribute("testcase", "name", "run").child("error")
                            .attribute("message").value()).find("suspect"),
            std::string::npos);
}

TEST(JunitWriter, RunErrorIsAnErrorTestcaseNamedRun) {
  const auto dir = temp_dir("junit-error");
  RunReport scenario_error = errored_report();
  scenario_error.exit_code = 2;
  scenario_error.error = "s.json: /steps/0/at_s: expected a number, found \"x\"";
  write_junit({errored_report(), scenario_error}, dir / "junit.xml");
  auto doc = load(dir / "junit.xml");
  auto s1 = doc.child("testsuites").child("testsuite");
  auto run = s1.find_child_by_attribute("testcase", "name", "run");
  ASSERT_TRUE(run);
  auto err = run.child("error");
  ASSERT_TRUE(err);
  EXPECT_STREQ(err.attribute("type").value(), "infrastructure_error");
  EXPECT_EQ(std::string(err.attribute("message").value()), errored_report().error);
  EXPECT_NE(std::string(err.text().get()).find("phase provision failed after 12.500 s"),
            std::string::npos);
  auto s2 = s1.next_sibling("testsuite");
  EXPECT_STREQ(s2.find_child_by_attribute("testcase", "name", "run")
                   .child("error").attribute("type").value(),
               "scenario_error");
}

TEST(JunitWriter, NastyStringsSurviveExactlyAndControlCharactersAreReplaced) {
  const auto dir = temp_dir("junit-nasty");
  RunReport r = sample_report();
  r.scenario_name = "scen " + kNasty;
  r.checks[0].name = "check " + kNasty;
  r.checks[1].summary = std::string("colour \x1b[31mred\x1b[0m bell \x07 nul-free, torn \xC3");
  write_junit({r}, dir / "junit.xml");
  auto doc = load(dir / "junit.xml");
  auto suite = doc.child("testsuites").child("testsuite");
  EXPECT_EQ(std::string(suite.attribute("name").value()), r.scenario_name);
  EXPECT_TRUE(suite.find_child_by_attribute("testcase", "name", r.checks[0].name.c_str()));
  const std::string msg =
      suite.find_child_by_attribute("testcase", "name", "integrity").child("failure")
          .attribute("message").value();
  EXPECT_EQ(msg, "colour \xEF\xBF\xBD[31mred\xEF\xBF\xBD[0m bell \xEF\xBF\xBD nul-free, torn "
                 "\xEF\xBF\xBD");
  // The raw file must not carry character references XML forbids.
  const std::string raw = read_file(dir / "junit.xml");
  EXPECT_EQ(raw.find("&#27;"), std::string::npos);
  EXPECT_EQ(raw.find("&#07;"), std::string::npos);
}

TEST(JunitWriter, ValidatesAgainstTheSchemaIncludingNastyStrings) {
  const auto dir = temp_dir("junit-xsd");
  RunReport r = sample_report();
  r.scenario_name = kNasty;
  r.checks[2].name = kNasty;
  r.lab = kNasty + "\x01\x1b";
  RunReport empty;  // no checks, no error: a suite with zero tests is still valid
  empty.scenario_name = "";
  write_junit({r, errored_report(), empty}, dir / "junit.xml");
  for (const char* schema : kJunitSchemas) {
    const auto res = xmllint_validate(dir / "junit.xml", schema);
    EXPECT_EQ(res.exit_code, 0) << schema << ": " << res.output;
    EXPECT_NE(res.output.find("validates"), std::string::npos) << schema << ": " << res.output;
  }
}

TEST(JunitWriter, SchemaRejectsWhatJenkinsWouldNotRead) {
  // Negative controls: a schema that accepts these would make the test above meaningless.
  const auto dir = temp_dir("junit-xsd-neg");
  const std::pair<const char*, const char*> bad[] = {
      {"noname", R"(<testsuites><testsuite tests="1"><testcase name="a"/></testsuite></testsuites>)"},
      {"negative", R"(<testsuites><testsuite name="s" tests="-1"/></testsuites>)"},
      {"badtime", R"(<testsuites><testsuite name="s" tests="1"><testcase name="a" time="1.5s"/></testsuite></testsuites>)"},
      {"unknown", R"(<testsuites><testsuite name="s" tests="1"><testcase name="a"><oops/></testcase></testsuite></testsuites>)"},
      {"order", R"(<testsuites><testsuite name="s" tests="1"><testcase name="a"/><properties/></testsuite></testsuites>)"},
  };
  for (const auto& [name, xml] : bad) {
    const auto file = dir / (std::string(name) + ".xml");
    std::ofstream(file) << xml;
    for (const char* schema : kJunitSchemas) {
      const auto res = xmllint_validate(file, schema);
      EXPECT_NE(res.exit_code, 0) << name << " was accepted by " << schema << ": " << res.output;
    }
  }
  const auto good = dir / "good.xml";
  std::ofstream(good) << R"(<testsuite name="s" tests="1" timestamp="2024-05-01T12:00:00"><testcase name="a" time="0.5"><skipped/></testcase></testsuite>)";
  EXPECT_EQ(xmllint_validate(good).exit_code, 0) << xmllint_validate(good).output;
}

TEST(JunitWriter, AntSchemaRequiresWhatTheAntLayoutAlwaysCarries) {
  // Each file is valid for the project's schema and misses one thing the Ant layout requires, so
  // junit-ant.xsd must reject it; the last one is complete and must pass both.
  const auto dir = temp_dir("junit-ant-neg");
  const std::string suite_attrs =
      R"(name="s" tests="1" failures="0" errors="0" time="1" timestamp="2024-05-01T12:00:00" hostname="h")";
  const std::string body =
      R"(<properties/><testcase name="a" classname="c" time="1"/><system-out/><system-err/>)";
  const auto wrap = [&](const std::string& attrs, const std::string& inner) {
    return "<testsuites><testsuite " + attrs + R"( id="0" package="p">)" + inner +
           "</testsuite></testsuites>";
  };
  const std::pair<std::string, std::string> bad[] = {
      {"nohostname", wrap(R"(name="s" tests="1" failures="0" errors="0" time="1" timestamp="2024-05-01T12:00:00")", body)},
      {"zone", wrap(R"(name="s" tests="1" failures="0" errors="0" time="1" timestamp="2024-05-01T12:00:00Z" hostname="h")", body)},
      {"nofailures", wrap(R"(name="s" tests="1" errors="0" time="1" timestamp="2024-05-01T12:00:00" hostname="h")", body)},
      {"noid", "<testsuites><testsuite " + suite_attrs + ">" + body + "</testsuite></testsuites>"},
      {"noprops", wrap(suite_attrs, R"(<testcase name="a" classname="c" time="1"/><system-out/><system-err/>)")},
      {"nosyserr", wrap(suite_attrs, R"(<properties/><testcase name="a" classname="c" time="1"/><system-out/>)")},
      {"noclassname", wrap(suite_attrs, R"(<properties/><testcase name="a" time="1"/><system-out/><system-err/>)")},
      {"notime", wrap(suite_attrs, R"(<properties/><testcase name="a" classname="c"/><system-out/><system-err/>)")},
      {"twooutcomes", wrap(suite_attrs, R"(<properties/><testcase name="a" classname="c" time="1"><failure type="t" message="m"/><error type="t" message="m"/></testcase><system-out/><system-err/>)")},
      {"untypederror", wrap(suite_attrs, R"(<properties/><testcase name="a" classname="c" time="1"><error message="m"/></testcase><system-out/><system-err/>)")},
  };
  for (const auto& [name, xml] : bad) {
    const auto file = dir / (name + ".xml");
    std::ofstream(file) << xml;
    EXPECT_EQ(xmllint_validate(file).exit_code, 0) << name << ": " << xmllint_validate(file).output;
    const auto res = xmllint_validate(file, "junit-ant.xsd");
    EXPECT_NE(res.exit_code, 0) << name << " was accepted by junit-ant.xsd: " << res.output;
  }
  const auto good = dir / "complete.xml";
  std::ofstream(good) << wrap(suite_attrs, body);
  for (const char* schema : kJunitSchemas)
    EXPECT_EQ(xmllint_validate(good, schema).exit_code, 0) << schema << ": "
                                                           << xmllint_validate(good, schema).output;
}

TEST(JunitWriter, EmptyMatrixIsAValidEmptyFile) {
  const auto dir = temp_dir("junit-empty");
  write_junit({}, dir / "out" / "junit.xml");
  auto doc = load(dir / "out" / "junit.xml");
  EXPECT_EQ(doc.child("testsuites").attribute("tests").as_int(-1), 0);
  for (const char* schema : kJunitSchemas)
    EXPECT_EQ(xmllint_validate(dir / "out" / "junit.xml", schema).exit_code, 0) << schema;
}

}  // namespace
}  // namespace harness
