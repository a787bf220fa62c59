#include <gtest/gtest.h>

#include "drivers/fio/fio_json.hpp"
#include "fio_recordings.hpp"
#include "harness/core/errors.hpp"

namespace harness {
namespace {

using namespace harness::testing;

TEST(FioJson, TakesTheFinalDocumentAfterTheStatusReports) {
  const FioResult r = parse_fio_json(read_fio_data("load/load.json"));
  EXPECT_EQ(r.documents, 7);  // status every 500 ms over 3 s, then the final result
  EXPECT_EQ(r.version, "fio-3.33");
  EXPECT_GT(r.timestamp_ms, 1'700'000'000'000);
  ASSERT_EQ(r.jobs.size(), 2u);
  for (const auto& j : r.jobs) {
    EXPECT_EQ(j.name, "load");
    EXPECT_EQ(j.error, 0);
    EXPECT_EQ(j.total_err, 0);
    EXPECT_EQ(j.write.total_ios, 150);  // the same count as the write lines in its lat log
    EXPECT_EQ(j.read.total_ios, 128);
    EXPECT_EQ(j.write.io_bytes, 150 * 4096);
    EXPECT_GE(j.job_runtime_ms, 3000);
    EXPECT_GT(j.write.lat_max_ns, 0);
    ASSERT_TRUE(j.write.lat_p99_ns.has_value());  // lat_percentiles=1
    EXPECT_LE(*j.write.lat_p99_ns, j.write.lat_max_ns * 2);
  }
  EXPECT_EQ(r.ios(), 556);
  EXPECT_EQ(r.total_err(), 0);
  EXPECT_EQ(r.first_job_error(), 0);
}

TEST(FioJson, IgnoresTheErrorLinesFioWritesIntoTheSameFile) {
  const std::string text = read_fio_data("enospc/load.json");
  ASSERT_NE(text.find("}\nfio: io_u error"), std::string::npos)
      << "the recording has error lines between its JSON documents";
  const FioResult r = parse_fio_json(text);
  EXPECT_EQ(r.documents, 5);
  ASSERT_EQ(r.jobs.size(), 1u);
  EXPECT_EQ(r.jobs[0].error, 28);        // the first error, though the job went on
  EXPECT_EQ(r.jobs[0].total_err, 544);
  EXPECT_EQ(r.jobs[0].first_error, 28);
  EXPECT_EQ(r.jobs[0].write.total_ios, 800);  // 256 completed + 544 failed
  EXPECT_EQ(r.first_job_error(), 28);
}

TEST(FioJson, ReadbackResults) {
  const FioResult ok = parse_fio_json(read_fio_data("load/readback-ok.json"));
  ASSERT_EQ(ok.jobs.size(), 1u);
  EXPECT_EQ(ok.jobs[0].name, "readback");
  // 300 written blocks plus 32 padding reads (22 blocks' worth).
  EXPECT_EQ(ok.jobs[0].read.io_bytes, 1318912);
  EXPECT_EQ(ok.total_err(), 0);
  const FioResult bad = parse_fio_json(read_fio_data("load/readback.json"));
  EXPECT_EQ(bad.jobs[0].error, 84);  // EILSEQ: verify
  EXPECT_EQ(bad.total_err(), 4);     // two blocks, each read twice
}

TEST(FioJson, ACutFinalDocumentFallsBackToTheLastCompleteStatus) {
  const std::string text = read_fio_data("load/load.json");
  const auto last = text.rfind("\"fio version\"");
  const FioResult r = parse_fio_json(std::string_view(text).substr(0, last + 500));
  EXPECT_EQ(r.documents, 7);
  ASSERT_EQ(r.jobs.size(), 2u);
  EXPECT_LT(r.jobs[0].write.total_ios, 150);  // a status report from before the end
}

TEST(FioJson, NoDocumentIsALabErrorShowingWhatWasThere) {
  try {
    parse_fio_json("fio: failed parsing ignore_error=x\n");
    FAIL();
  } catch (const LabError& e) {
    EXPECT_NE(std::string(e.what()).find("no JSON document"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("failed parsing ignore_error"), std::string::npos);
  }
  EXPECT_THROW(parse_fio_json("{\n  \"fio version\" : \"fio-3.33\", \"jobs\" : ["), LabError);
  EXPECT_THROW(parse_fio_json("{\n  \"fio version\" : \"fio-3.33\"\n}"), LabError);  // no jobs
  EXPECT_THROW(parse_fio_json(""), LabError);
}

}  // namespace
}  // namespace harness
