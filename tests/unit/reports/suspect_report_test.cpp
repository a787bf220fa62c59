// A suspect run in the reports: result.json keeps the mark and its reason (older files without
// them read as trusted), and report.html says it in the header with the figure.
#include <gtest/gtest.h>

#include <fstream>

#include <pugixml.hpp>

#include "harness/core/errors.hpp"
#include "reports/writers.hpp"
#include "tests/unit/reports/report_fixtures.hpp"

namespace harness {
namespace {

using namespace harness::testing;
using nlohmann::json;

const std::string kReason =
    "host starvation: n1's vCPU waited for a CPU 75% of 2.0 s at +32.0 s, longest wait 1.45 s at "
    "+32.0 s, mean 4% over 60 s (limits: 50% of any 2 s, 1 s at once) <&>";

RunReport suspect_report() {
  RunReport r = sample_report();
  r.suspect = true;
  r.suspect_reason = kReason;
  return r;
}

TEST(SuspectReport, ResultJsonKeepsTheMarkAndTheReason) {
  const auto dir = temp_dir("suspect-json");
  write_result_json(suspect_report(), dir / "result.json");
  const json j = json::parse(read_file(dir / "result.json"));
  EXPECT_EQ(j.at("suspect"), true);
  EXPECT_EQ(j.at("suspect_reason"), kReason);
  EXPECT_EQ(j.at("exit_code"), 1) << "suspect never changes the exit code";
  const RunReport back = read_result_json(dir / "result.json");
  EXPECT_TRUE(back.suspect);
  EXPECT_EQ(back.suspect_reason, kReason);

  write_result_json(sample_report(), dir / "result.json");
  EXPECT_EQ(json::parse(read_file(dir / "result.json")).at("suspect"), false);
  EXPECT_FALSE(read_result_json(dir / "result.json").suspect);
}

TEST(SuspectReport, ResultFilesWrittenBeforeTheMarkReadAsTrusted) {
  const auto dir = temp_dir("suspect-old");
  json j = suspect_report();
  j.erase("suspect");
  j.erase("suspect_reason");
  std::ofstream(dir / "result.json") << j.dump();
  const RunReport r = read_result_json(dir / "result.json");
  EXPECT_FALSE(r.suspect);
  EXPECT_EQ(r.suspect_reason, "");
}

TEST(SuspectReport, AMistypedMarkIsAnErrorNamingItsPointer) {
  const auto dir = temp_dir("suspect-bad");
  json j = suspect_report();
  j["suspect"] = "yes";
  std::ofstream(dir / "result.json") << j.dump();
  try {
    read_result_json(dir / "result.json");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("/suspect: expected true or false"), std::string::npos) << e.what();
  }
}

std::string html_of(const RunReport& r, const std::string& name, pugi::xml_document& doc) {
  const auto dir = temp_dir(name);
  write_html(r, sample_history(200), dir / "report.html");
  std::string raw = read_file(dir / "report.html");
  EXPECT_TRUE(doc.load_string(raw.c_str()));
  return raw;
}

TEST(SuspectReport, TheHtmlHeaderSaysSuspectWithTheFigure) {
  pugi::xml_document doc;
  html_of(suspect_report(), "suspect-html", doc);
  EXPECT_STREQ(doc.select_node("//div[@class='suspect-box']").node().text().get(),
               ("SUSPECT: " + kReason).c_str());
  EXPECT_STREQ(doc.select_node("//span[@class='overall suspect']").node().text().get(), "SUSPECT");
  // Beside the verdict, which stands.
  EXPECT_STREQ(doc.select_node("//span[contains(@class,'overall')]").node().text().get(), "FAILED");

  pugi::xml_document trusted;
  const std::string raw = html_of(sample_report(), "trusted-html", trusted);
  EXPECT_FALSE(trusted.select_node("//div[@class='suspect-box']"));
  EXPECT_EQ(raw.find("SUSPECT"), std::string::npos);
}

}  // namespace
}  // namespace harness
