// JUnit XML: the counts CI shows, failure vs skipped vs error, the properties, the escaping of
// hostile strings, and validity against reports/junit.xsd (checked by xmllint, with a negative
// control so that a schema accepting anything would fail here).
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
  EXPECT_EQ(root.attribute("tests").as_int(), 4);
  EXPECT_EQ(root.attribute("failures").as_int(), 1);
  EXPECT_EQ(root.attribute("errors").as_int(), 1);
  EXPECT_EQ(root.attribute("skipped").as_int(), 1);
  EXPECT_STREQ(root.attribute("time").value(), "195.750");

  auto s1 = root.child("testsuite");
  auto s2 = s1.next_sibling("testsuite");
  ASSERT_TRUE(s1 && s2);
  EXPECT_FALSE(s2.next_sibling("testsuite"));
  EXPECT_STREQ(s1.attribute("name").value(), "link-cut-active");
  EXPECT_EQ(s1.attribute("tests").as_int(), 3);
  EXPECT_EQ(s1.attribute("failures").as_int(), 1);
  EXPECT_EQ(s1.attribute("errors").as_int(), 0);
  EXPECT_EQ(s1.attribute("skipped").as_int(), 1);
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

  auto fe = suite.find_child_by_attribute("testcase", "name", "fencing");
  ASSERT_TRUE(fe);
  ASSERT_TRUE(fe.child("skipped"));
  EXPECT_FALSE(fe.child("failure"));
  EXPECT_EQ(std::string(fe.child("skipped").attribute("message").value()),
            "no lifecycle events: " + kNasty);
  EXPECT_EQ(property(fe, "resume_margin_s"), "null");
  EXPECT_FALSE(suite.find_child_by_attribute("testcase", "name", "run"));
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
  const auto res = xmllint_validate(dir / "junit.xml");
  EXPECT_EQ(res.exit_code, 0) << res.output;
  EXPECT_NE(res.output.find("validates"), std::string::npos) << res.output;
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
    const auto res = xmllint_validate(file);
    EXPECT_NE(res.exit_code, 0) << name << " was accepted: " << res.output;
  }
  const auto good = dir / "good.xml";
  std::ofstream(good) << R"(<testsuite name="s" tests="1" timestamp="2024-05-01T12:00:00"><testcase name="a" time="0.5"><skipped/></testcase></testsuite>)";
  EXPECT_EQ(xmllint_validate(good).exit_code, 0) << xmllint_validate(good).output;
}

TEST(JunitWriter, EmptyMatrixIsAValidEmptyFile) {
  const auto dir = temp_dir("junit-empty");
  write_junit({}, dir / "out" / "junit.xml");
  auto doc = load(dir / "out" / "junit.xml");
  EXPECT_EQ(doc.child("testsuites").attribute("tests").as_int(-1), 0);
  EXPECT_EQ(xmllint_validate(dir / "out" / "junit.xml").exit_code, 0);
}

}  // namespace
}  // namespace harness
