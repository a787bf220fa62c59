// The HTML page: the verdicts, the fault window and the states are there with the right numbers,
// text from the history is escaped, nothing is loaded from outside, and a 1,000,000-I/O history
// gives a small page quickly. The page is also well-formed XML, so pugixml checks its structure.
#include <gtest/gtest.h>

#include <chrono>

#include <pugixml.hpp>

#include "harness/core/errors.hpp"
#include "reports/run_dir.hpp"
#include "reports/writers.hpp"
#include "tests/unit/reports/report_fixtures.hpp"

namespace harness {
namespace {

using namespace harness::testing;

struct Page {
  std::string raw;
  pugi::xml_document doc;
};

void render(Page& page, const RunReport& r, const History& h, const std::string& name) {
  const auto dir = temp_dir(name);
  write_html(r, h, dir / "report.html");
  page.raw = read_file(dir / "report.html");
  const auto res = page.doc.load_string(page.raw.c_str());
  ASSERT_TRUE(res) << res.description() << " at " << res.offset << ": "
                   << page.raw.substr(static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, res.offset - 80)), 160);
}

std::string xpath_text(const pugi::xml_document& doc, const char* xpath) {
  return doc.select_node(xpath).node().text().get();
}

TEST(HtmlWriter, ShowsVerdictsWithColourAndIdentity) {
  Page p;
  render(p, sample_report(), sample_history(), "html-verdicts");
  EXPECT_EQ(xpath_text(p.doc, "//span[@class='verdict fail']"), "integrity: fail");
  EXPECT_EQ(xpath_text(p.doc, "//span[@class='verdict pass']"), "path_switch: pass");
  EXPECT_EQ(xpath_text(p.doc, "//span[@class='verdict unknown']"), "fencing: unknown");
  EXPECT_EQ(xpath_text(p.doc, "//span[contains(@class,'overall')]"), "FAILED");
  EXPECT_EQ(xpath_text(p.doc, "//tr[th='seed']/td"), "18446744073709551615");
  EXPECT_EQ(xpath_text(p.doc, "//tr[th='run id']/td"), "20240501-120000-ab12");
  EXPECT_NE(xpath_text(p.doc, "//tr[th='versions']/td").find("libvirt 9.0.0"), std::string::npos);
}

// The header shows each check's summary with the figures that matter, the failed check first
// (not the first metric keys in alphabetical order).
TEST(HtmlWriter, HeaderPutsTheFailedCheckFirstWithItsFigures) {
  Page p;
  render(p, sample_report(), sample_history(), "html-header");
  const auto checks = p.doc.select_nodes("//div[@class='keymetrics']/div");
  ASSERT_EQ(checks.size(), 3u);
  EXPECT_STREQ(checks[0].node().child("b").text().get(), "integrity fail: ");
  EXPECT_STREQ(checks[1].node().child("b").text().get(), "fencing unknown: ");
  EXPECT_STREQ(checks[2].node().child("b").text().get(), "path_switch pass: ");
  EXPECT_NE(std::string(checks[2].node().child("div").text().get()).find("longest stall 4.200 s"),
            std::string::npos);
}

TEST(HtmlWriter, DrawsTheFaultWindowFromInjectToHeal) {
  Page p;
  render(p, sample_report(), sample_history(), "html-fault");
  auto fault = p.doc.select_node("//*[local-name()='g'][@class='fault']").node();
  ASSERT_TRUE(fault);
  EXPECT_NE(std::string(fault.child("title").text().get())
                .find("fault link_cut on n1 (step cut): +20.000 s to +35.000 s, 15.000 s"),
            std::string::npos)
      << fault.child("title").text().get();
  EXPECT_STREQ(fault.child("text").text().get(), "link_cut n1");
  // The rect spans 15 of 60 s of plot width (1034 px): 258.5 px, starting 20 s in.
  EXPECT_NEAR(fault.child("rect").attribute("width").as_double(), 258.5, 0.2);
  EXPECT_NEAR(fault.child("rect").attribute("x").as_double(), 150 + 1034.0 / 3, 0.2);
  // And in the faults table, with exact times.
  EXPECT_EQ(xpath_text(p.doc, "//tr[td='link_cut']/td[4]"), "+20.000");
  EXPECT_EQ(xpath_text(p.doc, "//tr[td='link_cut']/td[6]"), "15.000");
}

TEST(HtmlWriter, HasStateLanesAndMarkers) {
  Page p;
  render(p, sample_report(), sample_history(), "html-lanes");
  for (const char* row : {"paths n1", "paths n2", "ALUA n1", "ALUA n2", "crm n1"})
    EXPECT_TRUE(p.doc.select_node(
        (std::string("//*[local-name()='text'][@class='rname'][.='") + row + "']").c_str()))
        << row;
  EXPECT_TRUE(p.doc.select_node("//*[local-name()='g'][@class='st bad']/*[local-name()='text'][.='0/2']"));
  EXPECT_TRUE(p.doc.select_node("//*[local-name()='g'][@class='st bad']/*[local-name()='text'][.='U']"));
  EXPECT_TRUE(p.doc.select_node("//*[local-name()='g'][@class='mark fence']"));
  EXPECT_TRUE(p.doc.select_node("//*[local-name()='g'][@class='mark lifecycle bad']"));
  // The teardown destroy at +200 s is outside the drawn range and not a marker.
  EXPECT_EQ(p.raw.find("n2 destroyed"), std::string::npos);
}

// The page's plot marks the path-switch check's stall: bracket and label from its figures, the
// limit 30 s after the stall's start (+50 s of the 60 s plot), the releasing event.
TEST(HtmlWriter, MarksTheChecksStallItsLimitAndTheRelease) {
  RunReport r = sample_report();
  r.checks[0].metrics["path_switch_max_s"] = 30.0;
  r.checks[0].metrics["faults"] = nlohmann::json::array(
      {{{"step", "cut"}, {"fault", "link_cut"}, {"node", "n1"}, {"longest_stall_s", 4.2},
        {"stall_start_s", 0.0}, {"stall_end_s", 4.2}, {"resumed", true},
        {"released_by_step", "initiator_switch"}, {"released_by", "initiator path_reinstated"},
        {"released_by_s", 4.1}}});
  Page p;
  render(p, r, sample_history(), "html-stall");
  const auto stall = p.doc.select_node("//*[local-name()='g'][@class='stall']").node();
  ASSERT_TRUE(stall);
  EXPECT_STREQ(stall.child("text").text().get(), "stall 4.200 s");
  const auto limit = p.doc.select_node("//*[local-name()='g'][@class='limit']/*[local-name()='line']").node();
  ASSERT_TRUE(limit);
  EXPECT_NEAR(limit.attribute("x1").as_double(), 150 + 1034.0 * 50 / 60, 0.11);
  const auto rel = p.doc.select_node("//*[local-name()='g'][@class='release']").node();
  ASSERT_TRUE(rel);
  EXPECT_NEAR(rel.child("line").attribute("x1").as_double(), 150 + 1034.0 * 24.1 / 60, 0.11);
  EXPECT_STREQ(rel.child("text").text().get(), "released: initiator_switch");
  // And the per-path lanes of the sample: sdb..sde, bad after the cut for n1's two.
  for (const char* dev : {"sdb", "sdc", "sdd", "sde"})
    EXPECT_TRUE(p.doc.select_node(
        (std::string("//*[local-name()='text'][@class='rname'][.='") + dev + "']").c_str()))
        << dev;
  EXPECT_EQ(p.doc.select_nodes("//*[local-name()='g'][@class='st bad']/*[local-name()='text'][.='failed prio 50']")
                .size(),
            2u);
}

TEST(HtmlWriter, EscapesTextFromTheHistory) {
  RunReport r = sample_report();
  r.checks[1].evidence.push_back(
      ev(kT0 + 23 * kSec, "observation", "n1", "log",
         {{"unit", "kernel"}, {"message", "<script>alert(1)</script> & \"x\""}}));
  r.error = "</div><img src=x onerror=alert(2)>";
  Page p;
  render(p, r, sample_history(), "html-escape");
  EXPECT_EQ(p.raw.find("<script>alert"), std::string::npos);
  EXPECT_EQ(p.raw.find("<img"), std::string::npos);
  // The evidence prints a journal line as the journal does ("unit: message"), escaped.
  EXPECT_NE(p.raw.find("kernel: &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;"),
            std::string::npos);
  EXPECT_EQ(xpath_text(p.doc, "//div[@class='error-box']"), r.error);
  // The nasty summary reads back exactly (quotes, newline, tab, UTF-8, "]]>").
  bool found = false;
  for (auto td : p.doc.select_nodes("//td"))
    found = found || std::string(td.node().text().get()) == r.checks[1].summary;
  EXPECT_TRUE(found);
}

TEST(HtmlWriter, IsSelfContained) {
  Page p;
  render(p, sample_report(), sample_history(), "html-offline");
  EXPECT_EQ(p.raw.find("src="), std::string::npos);
  // Links only into the run directory (its files, run_files_test.cpp): never a scheme or host.
  for (const auto& a : p.doc.select_nodes("//a")) {
    const std::string href = a.node().attribute("href").value();
    EXPECT_EQ(href.find(':'), std::string::npos) << href;
    EXPECT_NE(href.rfind("/", 0), 0u) << href;
    EXPECT_EQ(href.find(".."), std::string::npos) << href;
  }
  EXPECT_EQ(p.raw.find("@import"), std::string::npos);
  EXPECT_EQ(p.raw.find("url("), std::string::npos);
  // The only URL is the SVG namespace name, which is never fetched.
  std::size_t pos = 0, urls = 0;
  while ((pos = p.raw.find("http", pos)) != std::string::npos) {
    EXPECT_EQ(p.raw.compare(pos, 26, "http://www.w3.org/2000/svg"), 0) << p.raw.substr(pos, 40);
    ++urls, ++pos;
  }
  EXPECT_EQ(urls, 1u);
}

TEST(HtmlWriter, MillionIoHistoryGivesASmallPageQuickly) {
  const History h = sample_history(1'000'000);
  const auto dir = temp_dir("html-big");
  const auto t0 = std::chrono::steady_clock::now();
  write_html(sample_report(), h, dir / "report.html");
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const auto size = std::filesystem::file_size(dir / "report.html");
  EXPECT_LT(size, 300'000u);
  EXPECT_LT(secs, 20.0);  // generous for sanitizer/debug builds; the benchmark has real figures
  pugi::xml_document doc;
  EXPECT_TRUE(doc.load_file((dir / "report.html").c_str()));
  EXPECT_NE(read_file(dir / "report.html").find("1000001 I/Os completed, 1 with errors"),
            std::string::npos);
}

TEST(HtmlWriter, RerenderRunDirRebuildsJunitAndHtml) {
  const auto dir = temp_dir("html-rerender");
  const RunDirFiles f = run_dir_files(dir);
  sample_history().save(f.history);
  write_result_json(sample_report(), f.result);
  const RunReport r = rerender_run_dir(dir);
  EXPECT_EQ(r.scenario_name, "link-cut-active");
  EXPECT_TRUE(std::filesystem::exists(f.junit));
  EXPECT_NE(read_file(f.html).find("link_cut n1"), std::string::npos);
  std::filesystem::remove(f.history);
  EXPECT_THROW(rerender_run_dir(dir), Error);
}

}  // namespace
}  // namespace harness
