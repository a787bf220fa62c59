// report.html links the run directory's files that exist when it is written, and only those:
// the History, the JUnit, the progress log, each node's logs; relative links, so the directory
// can be copied (CI artefacts) and still work.
#include <gtest/gtest.h>

#include <set>

#include <pugixml.hpp>

#include "reports/run_dir.hpp"
#include "reports/run_files.hpp"
#include "reports/writers.hpp"
#include "tests/unit/reports/report_fixtures.hpp"

namespace harness {
namespace {

using namespace harness::testing;

void touch(const std::filesystem::path& p) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p) << "x\n";
}

std::set<std::string> hrefs(const pugi::xml_document& doc) {
  std::set<std::string> out;
  for (const auto& a : doc.select_nodes("//ul[@class='files']//a"))
    out.insert(a.node().attribute("href").value());
  return out;
}

TEST(HtmlRunFiles, LinksExactlyTheFilesTheRunDirectoryHolds) {
  const auto dir = temp_dir("html-files");
  for (const char* f : {"history.jsonl", "junit.xml", "progress.log", "logs/n1/journal.txt",
                        "logs/n1/cib.xml", "logs/initiator/journal.txt",
                        "logs/initiator/multipath.txt.tmp.123", "unrelated.txt"})
    touch(dir / f);
  std::filesystem::create_directories(dir / "logs" / "n2");  // collected nothing
  write_html(sample_report(), sample_history(), dir / "report.html");
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_file((dir / "report.html").c_str()));
  // No result.json (not written here), no temporary file, no file the report does not know.
  EXPECT_EQ(hrefs(doc), (std::set<std::string>{"history.jsonl", "junit.xml", "progress.log",
                                               "logs/initiator/journal.txt", "logs/n1/cib.xml",
                                               "logs/n1/journal.txt"}));
  // A node's logs on one line, named by the node.
  const auto n1 = doc.select_node("//ul[@class='files']/li[a[@href='logs/n1/cib.xml']]").node();
  ASSERT_TRUE(n1);
  EXPECT_EQ(std::string(n1.first_child().value()), "logs/n1/: ");
  EXPECT_EQ(n1.select_nodes("a").size(), 2u);
  EXPECT_STREQ(n1.select_node("a[2]").node().text().get(), "journal.txt");
}

TEST(HtmlRunFiles, RunReportsLinkWhatTheyWroteBeforeThePage) {
  const auto dir = temp_dir("html-files-run");
  write_run_reports(sample_report(), sample_history(), dir);
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_file((dir / "report.html").c_str()));
  // result.json and junit.xml come first, so the page links them; report.html not itself.
  EXPECT_EQ(hrefs(doc), (std::set<std::string>{"result.json", "junit.xml"}));
}

TEST(HtmlRunFiles, NamesWithOddCharactersArePercentEncoded) {
  const auto dir = temp_dir("html-files-odd");
  touch(dir / "logs" / "n 1#" / "journal?.txt");
  const auto links = run_file_links(dir);
  ASSERT_EQ(links.size(), 1u);
  EXPECT_EQ(links[0].href, "logs/n%201%23/journal%3F.txt");
  EXPECT_EQ(links[0].name, "logs/n 1#/journal?.txt");
  EXPECT_TRUE(run_file_links(dir / "missing").empty());
}

}  // namespace
}  // namespace harness
