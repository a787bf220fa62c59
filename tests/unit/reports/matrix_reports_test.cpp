// The matrix's summary, JUnit and index.html: one line / testcase / row per scenario, decided over
// its repeats; flakes and suspects marked with the reason and every repeat's run directory; the
// JUnit file valid against both schemas; every string escaped and every link relative.
#include <gtest/gtest.h>

#include <pugixml.hpp>

#include "reports/matrix_reports.hpp"
#include "tests/unit/reports/matrix_fixtures.hpp"

namespace harness {
namespace {

using namespace harness::testing;
namespace fs = std::filesystem;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = text.find('\n', start);
    out.push_back(text.substr(start, end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

std::string property(pugi::xml_node parent, const char* name) {
  return parent.child("properties")
      .find_child_by_attribute("property", "name", name)
      .attribute("value")
      .as_string("<absent>");
}

TEST(MatrixSummary, OneLinePerScenarioWithVerdictCountsMarksAndWhereToLook) {
  const MatrixResult m = sample_matrix("runs/m1");
  const auto lines = lines_of(render_matrix_summary(m));
  ASSERT_GE(lines.size(), 6u);
  EXPECT_TRUE(has(lines[0], "matrix 20240501-120000-m1")) << lines[0];
  EXPECT_TRUE(has(lines[0], "shard 1/2")) << lines[0];
  EXPECT_TRUE(has(lines[0], "repeat 3")) << lines[0];

  EXPECT_EQ(lines[1].rfind("PASS ", 0), 0u) << lines[1];
  EXPECT_TRUE(has(lines[1], "link-cut-active")) << lines[1];
  EXPECT_TRUE(has(lines[1], "pass 3/3")) << lines[1];
  EXPECT_TRUE(has(lines[1], "5 min 00 s")) << lines[1];
  EXPECT_FALSE(has(lines[1], "FLAKE") || has(lines[1], "SUSPECT") || has(lines[1], "not passed"))
      << lines[1];

  // The flake: failed at the default rate, both marks, and the one run to open.
  EXPECT_EQ(lines[2].rfind("FAIL ", 0), 0u) << lines[2];
  EXPECT_TRUE(has(lines[2], "split-brain")) << lines[2];
  EXPECT_TRUE(has(lines[2], "pass 3/4")) << lines[2];
  EXPECT_TRUE(has(lines[2], "FLAKE SUSPECT")) << lines[2];
  EXPECT_TRUE(has(lines[2], "not passed: runs/m1/20240501-120020-split-1 (fail, suspect)")) << lines[2];
  EXPECT_FALSE(has(lines[2], "-split-0")) << lines[2];  // passing repeats are not listed
  EXPECT_TRUE(has(lines[3], "suspect: repeat 2: n1 vCPU not scheduled for 2.40 s")) << lines[3];

  EXPECT_EQ(lines[4].rfind("INFRA", 0), 0u) << lines[4];
  EXPECT_TRUE(has(lines[4], "pass 0/0 +2 errors")) << lines[4];
  EXPECT_TRUE(has(lines[4], "(infrastructure error)") && has(lines[4], "(scenario error)")) << lines[4];

  const std::string& totals = lines[5];
  EXPECT_TRUE(has(totals, "1 passed, 1 failed, 1 errors, 1 flakes, 1 suspects")) << totals;
  EXPECT_TRUE(has(totals, "3 scenarios, 9 runs")) << totals;
  EXPECT_TRUE(has(totals, "wall time 1 h 02 min 05 s")) << totals;
  EXPECT_TRUE(has(totals, "exit 3")) << totals;
}

TEST(MatrixSummary, ColumnsLineUpWhateverTheNameLengths) {
  MatrixResult m = sample_matrix("runs/m1");
  m.scenarios[0].scenario = "a";
  const auto lines = lines_of(render_matrix_summary(m));
  EXPECT_EQ(lines[1].find("pass "), lines[2].find("pass ")) << lines[1] << "\n" << lines[2];
}

pugi::xml_document load(const fs::path& p) {
  pugi::xml_document doc;
  const auto res = doc.load_file(p.c_str());
  EXPECT_TRUE(res) << res.description();
  return doc;
}

TEST(MatrixJunit, OneTestcasePerScenarioJudgedOverItsRepeats) {
  const auto dir = temp_dir("matrix-junit");
  const MatrixResult m = sample_matrix(dir);
  write_matrix_junit(m, dir / "junit.xml");
  auto doc = load(dir / "junit.xml");
  auto root = doc.child("testsuites");
  auto suite = root.child("testsuite");
  ASSERT_TRUE(suite);
  EXPECT_FALSE(suite.next_sibling("testsuite"));
  EXPECT_EQ(root.attribute("tests").as_int(), 3);
  EXPECT_EQ(root.attribute("failures").as_int(), 1);
  EXPECT_EQ(root.attribute("errors").as_int(), 1);
  EXPECT_EQ(suite.attribute("tests").as_int(), 3);
  EXPECT_EQ(property(suite, "shard"), "1/2");
  EXPECT_EQ(property(suite, "seed"), "18446744073709551615");
  EXPECT_EQ(property(suite, "flakes"), "1");

  auto steady = suite.find_child_by_attribute("testcase", "name", "link-cut-active");
  ASSERT_TRUE(steady);
  EXPECT_STREQ(steady.attribute("classname").value(), "lio-2n-3f9a");
  EXPECT_STREQ(steady.attribute("time").value(), "300.000");  // its three repeats
  EXPECT_FALSE(steady.child("failure") || steady.child("error") || steady.child("skipped"));
  EXPECT_EQ(property(steady, "flake"), "false");
  EXPECT_EQ(property(steady, "pass_rate"), "1");

  auto flaky = suite.find_child_by_attribute("testcase", "name", "split-brain");
  ASSERT_TRUE(flaky);
  EXPECT_STREQ(flaky.attribute("time").value(), "795.500");
  EXPECT_EQ(property(flaky, "flake"), "true");
  EXPECT_EQ(property(flaky, "suspect"), "true");
  EXPECT_EQ(property(flaky, "suspect_reason"),
            "repeat 2: n1 vCPU not scheduled for 2.40 s (limit 1.00 s)");
  EXPECT_EQ(property(flaky, "pass_rate"), "0.75");
  auto failure = flaky.child("failure");
  ASSERT_TRUE(failure);
  EXPECT_STREQ(failure.attribute("type").value(), "flaky_failure");
  const std::string msg = failure.attribute("message").value();
  EXPECT_TRUE(has(msg, "pass 3/4 (75% passed, 100% required)")) << msg;
  EXPECT_TRUE(has(msg, "FLAKE")) << msg;
  EXPECT_TRUE(has(msg, "SUSPECT: repeat 2: n1 vCPU not scheduled")) << msg;
  // Every repeat with its run directory and verdict, where both CIs show it.
  const std::string out = flaky.child("system-out").text().get();
  for (const auto& r : m.scenarios[1].repeats) EXPECT_TRUE(has(out, r.run_dir)) << out;
  EXPECT_TRUE(has(out, "repeat 2  fail  210.500 s")) << out;
  EXPECT_TRUE(has(out, "retry")) << out;
  EXPECT_TRUE(has(out, "[[ATTACHMENT|" + m.scenarios[1].repeats[1].run_dir + "/report.html]]")) << out;
  EXPECT_FALSE(has(out, "[[ATTACHMENT|" + m.scenarios[1].repeats[0].run_dir + "/")) << out;

  auto broken = suite.find_child_by_attribute("testcase", "name", "pause <&> \"quoted\"");
  ASSERT_TRUE(broken);
  EXPECT_STREQ(broken.attribute("classname").value(), "harness");  // no deploy key recorded
  ASSERT_TRUE(broken.child("error"));
  EXPECT_STREQ(broken.child("error").attribute("type").value(), "infrastructure_error");
  EXPECT_FALSE(broken.child("failure"));
}

TEST(MatrixJunit, APassingFlakeStaysGreenButCarriesTheMark) {
  const auto dir = temp_dir("matrix-junit-green-flake");
  MatrixResult m = sample_matrix(dir);
  m.pass_rate_required = 0.7;
  decide_verdicts(m);
  write_matrix_junit(m, dir / "junit.xml");
  auto doc = load(dir / "junit.xml");
  auto flaky = doc.child("testsuites").child("testsuite").find_child_by_attribute("testcase", "name",
                                                                                "split-brain");
  EXPECT_FALSE(flaky.child("failure"));
  EXPECT_EQ(property(flaky, "flake"), "true");
  EXPECT_TRUE(has(flaky.child("system-out").text().get(), "FLAKE")) << flaky.child("system-out").text().get();
}

TEST(MatrixJunit, ValidatesAgainstBothSchemas) {
  const auto dir = temp_dir("matrix-junit-xsd");
  MatrixResult m = sample_matrix(dir);
  m.scenarios[0].scenario = kNasty;
  m.scenarios[1].repeats[1].suspect_reason = kNasty + "\x01\x1b";
  m.matrix_id = kNasty;
  write_matrix_junit(m, dir / "junit.xml");
  MatrixResult empty;  // a shard that got no scenario is still a valid file
  write_matrix_junit(empty, dir / "empty.xml");
  for (const char* file : {"junit.xml", "empty.xml"})
    for (const char* schema : kJunitSchemas) {
      const auto res = xmllint_validate(dir / file, schema);
      EXPECT_EQ(res.exit_code, 0) << file << " against " << schema << ": " << res.output;
    }
}

TEST(MatrixIndexHtml, LinksEveryRepeatRelativeToTheIndexAndEscapesEverything) {
  const auto dir = temp_dir("matrix-index");
  MatrixResult m = sample_matrix(dir / "m1");
  // A repeat in a sibling directory, and one whose directory name needs encoding.
  m.scenarios[0].repeats[0].run_dir = (dir / "other" / "run a#1").string();
  write_matrix_index_html(m, dir / "m1");
  const std::string html = read_file(dir / "m1" / "index.html");
  pugi::xml_document doc;  // well-formed XML, like report.html
  ASSERT_TRUE(doc.load_string(html.c_str())) << html.substr(0, 400);
  EXPECT_TRUE(has(html, "href=\"20240501-120020-split-1/report.html\"")) << html;
  EXPECT_TRUE(has(html, "href=\"../other/run%20a%231/report.html\"")) << html;
  EXPECT_FALSE(has(html, "href=\"/")) << "absolute link";
  EXPECT_TRUE(has(html, "pause &lt;&amp;&gt; &quot;quoted&quot;")) << html;
  EXPECT_FALSE(has(html, "pause <&>"));
  EXPECT_TRUE(has(html, "FLAKE"));
  EXPECT_TRUE(has(html, "suspect: repeat 2: n1 vCPU not scheduled for 2.40 s")) << html;
  EXPECT_TRUE(has(html, "LAB ERROR"));
  EXPECT_FALSE(has(html, "http://") || has(html, "https://"));  // self-contained
}

TEST(MatrixReports, WritesAllFourFilesAndNotes) {
  const auto dir = temp_dir("matrix-all");
  write_matrix_reports(sample_matrix(dir), dir / "out", {"shard 2 of 2 missing"});
  const MatrixDirFiles f = matrix_dir_files(dir / "out");
  for (const auto& p : {f.matrix_json, f.summary, f.junit, f.index}) EXPECT_TRUE(fs::exists(p)) << p;
  EXPECT_TRUE(has(read_file(f.summary), "\nnote: shard 2 of 2 missing\n")) << read_file(f.summary);
}

}  // namespace
}  // namespace harness
