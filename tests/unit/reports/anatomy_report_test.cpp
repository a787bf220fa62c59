// The failover anatomy in the reports: the waterfall under report.html's timeline and the text
// lines (one per step) that `harness run` prints and JUnit carries, from the path-switch
// check's result on a recorded run (tests/data/histories/pause_active_3s.jsonl).
#include <gtest/gtest.h>

#include <filesystem>

#include <pugixml.hpp>

#include "harness/checks/path_switch.hpp"
#include "reports/anatomy_text.hpp"
#include "reports/anatomy_waterfall.hpp"
#include "reports/writers.hpp"
#include "tests/unit/reports/report_fixtures.hpp"

namespace harness {
namespace {

using namespace harness::testing;

History pause_history() {
  return History::load(std::filesystem::path(TEST_DATA_DIR) / "histories" / "pause_active_3s.jsonl");
}

RunReport pause_report(const History& h) {
  RunReport r;
  r.run_id = "pause-active-3s-20261207-153451-6522";
  r.scenario_name = "pause-active-3s";
  r.checks = {PathSwitchChecker(10).check(h)};
  return r;
}

TEST(AnatomyReport, TextHasOneLinePerStepAndMarksTheRelease) {
  const History h = pause_history();
  const auto lines = anatomy_lines(pause_report(h).checks[0]);
  ASSERT_GE(lines.size(), 3u);
  EXPECT_NE(lines[0].find("anatomy of pause of n1 (step pause)"), std::string::npos) << lines[0];
  EXPECT_NE(lines[1].find("fault_removed"), std::string::npos) << lines[1];
  EXPECT_NE(lines[1].find("<- released I/O"), std::string::npos) << lines[1];
  EXPECT_NE(lines[2].find("first_io"), std::string::npos) << lines[2];
  EXPECT_EQ(lines[2].find("released"), std::string::npos) << lines[2];
}

TEST(AnatomyReport, NoAnatomyNoLines) {
  CheckResult c{"path_switch", Verdict::pass, "", {{"faults", {{{"step", "x"}}}}}, {}};
  EXPECT_TRUE(anatomy_lines(c).empty());
  RunReport r;
  r.checks = {c};
  EXPECT_EQ(render_anatomy_waterfall(r), "");
}

TEST(AnatomyReport, WaterfallDrawsOneBarPerStepUnderTheTimeline) {
  const History h = pause_history();
  const RunReport r = pause_report(h);
  const auto dir = temp_dir("anatomy-waterfall");
  write_html(r, h, dir / "report.html");
  const std::string raw = read_file(dir / "report.html");
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(raw.c_str()));
  auto wf = doc.select_node("//*[local-name()='svg'][@class='waterfall']").node();
  ASSERT_TRUE(wf);
  const auto bars = doc.select_nodes("//*[local-name()='svg'][@class='waterfall']/*[local-name()='g']");
  ASSERT_EQ(bars.size(), 2u);
  EXPECT_STREQ(bars[0].node().attribute("class").value(), "wf release");
  EXPECT_STREQ(bars[1].node().attribute("class").value(), "wf workload");
  // The bars chain: the first ends where the second starts.
  const auto r0 = bars[0].node().child("rect"), r1 = bars[1].node().child("rect");
  EXPECT_NEAR(r0.attribute("x").as_double() + r0.attribute("width").as_double(),
              r1.attribute("x").as_double(), 0.1);
  // The waterfall comes after the timeline and before the checks.
  EXPECT_LT(raw.find("<h2>Timeline</h2>"), raw.find("<h2>Failover anatomy</h2>"));
  EXPECT_LT(raw.find("<h2>Failover anatomy</h2>"), raw.find("<h2>Checks</h2>"));
  EXPECT_NE(raw.find("first held I/O submitted"), std::string::npos);
}

}  // namespace
}  // namespace harness
