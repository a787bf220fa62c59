// The outputs of `harness compare`: the terminal table (aligned, regressions marked, one line
// per scenario and metric), harness-compare/1 JSON and the HTML page (well-formed, escaped).
#include <gtest/gtest.h>

#include <pugixml.hpp>

#include <sstream>

#include "reports/compare_reports.hpp"
#include "tests/unit/reports/compare_fixtures.hpp"
#include "unit/temp_dir.hpp"

namespace harness {
namespace {

using testing::compare_cases;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

std::string line_with(const std::string& text, const std::string& a, const std::string& b) {
  for (const auto& l : lines_of(text))
    if (l.find(a) != std::string::npos && l.find(b) != std::string::npos) return l;
  return "";
}

TEST(CompareText, OneAlignedLinePerScenarioAndMetricWithTheRegressionMarked) {
  const std::string text = render_compare_text(compare_cases("bookworm-run", "trixie-stall"));
  const std::string head = line_with(text, "SCENARIO", "METRIC");
  const std::string stall = line_with(text, "ring0-loss", "path_switch.longest_stall_s");
  const std::string first_io = line_with(text, "ring0-loss", "path_switch.time_to_first_io_s");
  ASSERT_FALSE(head.empty()) << text;
  ASSERT_FALSE(stall.empty()) << text;
  ASSERT_FALSE(first_io.empty()) << text;
  EXPECT_NE(stall.find("0.311 s"), std::string::npos) << stall;
  EXPECT_NE(stall.find("2.500 s"), std::string::npos) << stall;
  EXPECT_NE(stall.find("+2.189 s"), std::string::npos) << stall;
  EXPECT_NE(stall.find("REGRESSION"), std::string::npos) << stall;
  EXPECT_EQ(first_io.find("REGRESSION"), std::string::npos) << first_io;
  // Columns aligned: B's column starts at the same place in the header and in every row.
  EXPECT_EQ(stall.find("2.500 s"), head.find(" B ") + 1) << "\n" << head << "\n" << stall;
  EXPECT_EQ(stall.find("+2.189"), head.find("DELTA")) << "\n" << head << "\n" << stall;
  EXPECT_NE(text.find("packages  A default@352c13631bbb → B trixie@9f0e13631bbb: 7 changed, 1 added, "
                      "1 removed"),
            std::string::npos)
      << text;
  EXPECT_NE(line_with(text, "changed", "pacemaker ").find("2.1.5-1+deb12u1 → 3.0.1-1"),
            std::string::npos)
      << text;
  EXPECT_FALSE(line_with(text, "removed", "linux-image-6.1.0-57-amd64").empty()) << text;
  EXPECT_NE(text.find("result: 1 of 1 scenario regressed (ring0-loss); exit 1"), std::string::npos)
      << text;
}

TEST(CompareText, RepeatsShowMedianAndRangeAndOneSidedScenariosSaySo) {
  const std::string text = render_compare_text(compare_cases("matrix-a", "matrix-b"));
  const std::string pause = line_with(text, "pause-active-3s", "longest_stall_s");
  EXPECT_NE(pause.find("3.039 s (2.900..3.200, 3 runs)"), std::string::npos) << pause;
  EXPECT_NE(pause.find("4.300 s (3.600..4.900, 3 runs)"), std::string::npos) << pause;
  EXPECT_NE(pause.find("1 s + spread 1.300 s"), std::string::npos) << pause;
  EXPECT_EQ(pause.find("REGRESSION"), std::string::npos) << pause;
  const std::string flake = line_with(text, "ring0-loss", "verdict");
  EXPECT_NE(flake.find("FAIL pass 2/3 FLAKE"), std::string::npos) << flake;
  EXPECT_NE(flake.find("REGRESSION: new failure"), std::string::npos) << flake;
  EXPECT_NE(line_with(text, "ring1-loss", "verdict").find("only in A (not a regression)"),
            std::string::npos)
      << text;
  int ring1_lines = 0;
  for (const auto& l : lines_of(text)) ring1_lines += l.rfind("ring1-loss ", 0) == 0;
  EXPECT_EQ(ring1_lines, 1) << "a one-sided scenario: its verdict line alone\n" << text;
  EXPECT_NE(line_with(text, "ring0-loss", "time_to_first_io_s").find("0.021 s (3 runs)"),
            std::string::npos)
      << "three equal samples: no range\n" << text;
  EXPECT_NE(line_with(text, "link-cut-passive", "verdict").find("only in B (not a regression)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("no image manifest (image-manifest.txt) in the run directories of B"),
            std::string::npos)
      << text;
}

TEST(CompareJson, HarnessCompare1CarriesEveryFigure) {
  const nlohmann::json j = compare_json(compare_cases("matrix-a", "matrix-b"));
  EXPECT_EQ(j["format"], "harness-compare/1");
  EXPECT_EQ(j["a"]["kind"], "matrix");
  EXPECT_EQ(j["b"]["id"], "matrix-20261208-160000-bbbb");
  EXPECT_EQ(j["regressions"], 1);
  EXPECT_EQ(j["exit_code"], 1);
  EXPECT_EQ(j["tolerances"]["longest_stall_s"]["value"], 1.0);
  EXPECT_EQ(j["tolerances"]["duration_s"]["percent"], true);
  const auto& scen = j["scenarios"];
  ASSERT_EQ(scen.size(), 4u);
  EXPECT_EQ(scen[0]["scenario"], "ring0-loss");
  EXPECT_EQ(scen[0]["change"], "new failure");
  EXPECT_EQ(scen[0]["b"]["flake"], true);
  EXPECT_EQ(scen[0]["a"]["verdict"], "pass");
  EXPECT_EQ(scen[0]["b"]["verdict"], "fail");
  EXPECT_EQ(scen[0]["b"]["verdict_text"], "FAIL pass 2/3 FLAKE");
  EXPECT_EQ(scen[0]["b"]["passes"], 2);
  EXPECT_EQ(scen[0]["b"]["fails"], 1);
  const auto& pause = scen[1];
  EXPECT_EQ(pause["regression"], false);
  const nlohmann::json* stall = nullptr;
  for (const auto& m : pause["metrics"])
    if (m["metric"] == "longest_stall_s") stall = &m;
  ASSERT_NE(stall, nullptr);
  EXPECT_EQ((*stall)["a"]["median"], 3.039);
  EXPECT_EQ((*stall)["b"]["max"], 4.9);
  EXPECT_EQ((*stall)["b"]["n"], 3);
  EXPECT_NEAR((*stall)["spread"].get<double>(), 1.3, 1e-9);
  EXPECT_EQ(scen[2]["change"], "only in A");
  EXPECT_TRUE(scen[2]["b"].is_null());
  EXPECT_EQ(j["packages"][0]["compared"], false);
  EXPECT_TRUE(j["packages"][0]["manifest_b"].is_null());
}

TEST(CompareJson, PackageChangesNameBothVersions) {
  const nlohmann::json j = compare_json(compare_cases("bookworm-run", "trixie-stall"));
  const auto& p = j["packages"][0];
  EXPECT_EQ(p["compared"], true);
  EXPECT_EQ(p["changed"].size(), 7u);
  EXPECT_EQ(p["changed"][0], (nlohmann::json{{"package", "corosync"}, {"a", "3.1.7-1+deb12u2"},
                                             {"b", "3.1.9-2"}}));
  EXPECT_EQ(p["added"][0], (nlohmann::json{{"package", "linux-image-6.12.57+deb13-amd64"},
                                           {"b", "6.12.57-1"}}));
  EXPECT_EQ(p["removed"][0]["a"], "6.1.192-3");
}

TEST(CompareHtml, AWellFormedPageWithTheRegressionAndTheDiff) {
  TempDir tmp;
  const auto file = tmp.path() / "out" / "compare.html";
  write_compare_html(compare_cases("bookworm-run", "trixie-stall"), file);
  const std::string page = read_text(file);
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(page.c_str())) << "not well-formed";
  EXPECT_STREQ(doc.select_node("//span[contains(@class,'overall')]").node().text().get(), "REGRESSION");
  // The stall row: its mark cell says REGRESSION in the fail colour.
  const auto row = doc.select_node("//tr[td[.='path_switch.longest_stall_s']]").node();
  ASSERT_TRUE(row);
  EXPECT_STREQ(row.select_node("td/span[contains(@class,'fail')]").node().text().get(), "REGRESSION");
  EXPECT_TRUE(doc.select_node("//tr[td[.='pacemaker']]/td[.='3.0.1-1']"));
  EXPECT_EQ(page.find("http"), std::string::npos) << "self-contained";
}

TEST(CompareHtml, NoRegressionIsGreen) {
  TempDir tmp;
  write_compare_html(compare_cases("bookworm-run", "bookworm-run"), tmp.path() / "c.html");
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_file((tmp.path() / "c.html").c_str()));
  const auto badge = doc.select_node("//span[contains(@class,'overall')]").node();
  EXPECT_STREQ(badge.text().get(), "NO REGRESSION");
  EXPECT_NE(std::string(badge.attribute("class").value()).find("pass"), std::string::npos);
}

}  // namespace
}  // namespace harness
