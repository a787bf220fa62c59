#include <limits>

#include <gtest/gtest.h>

#include "drivers/fio/fio_job.hpp"
#include "fio_recordings.hpp"
#include "harness/core/errors.hpp"

namespace harness {
namespace {

using namespace harness::testing;

// The recordings were made with exactly these job files (tests/data/fio/README.md).
TEST(FioJob, RendersTheJobFilesTheRecordingsWereMadeWith) {
  EXPECT_EQ(render_fio_job(load_spec(), load_options()), read_fio_data("load/load.fio"));
  EXPECT_EQ(render_fio_job(enospc_spec(), enospc_options()), read_fio_data("enospc/load.fio"));
  EXPECT_EQ(render_fio_job(midrun_spec(), midrun_options()), read_fio_data("midrun/load.fio"));
  EXPECT_EQ(render_fio_readback_job(load_spec(), load_options(),
                                    "/tmp/harness-fio-load/readback.iolog"),
            read_fio_data("load/readback.fio"));
}

TEST(FioJob, TheLoadJobCarriesTheLoggingVerifyAndErrorPolicy) {
  const std::string job = render_fio_job(load_spec(), load_options());
  for (const char* line :
       {"ioengine=libaio\n", "direct=1\n", "time_based=1\n", "runtime=3000ms\n",
        "verify=crc32c\n", "verify_backlog=64\n", "verify_fatal=0\n", "continue_on_error=all\n",
        "ignore_error=5:6:19:28:52:61:67:84:110:121,5:6:19:28:52:61:67:84:110:121,5:84\n",
        "write_lat_log=/tmp/harness-fio-load/io\n", "log_avg_msec=0\n", "log_unix_epoch=1\n",
        "log_offset=1\n", "randseed=7\n"})
    EXPECT_NE(job.find(line), std::string::npos) << line;
}

// The same seed renders the same job (the same offsets); another seed another randseed.
TEST(FioJob, TheSeedIsFiosRandseed) {
  FioJobOptions a = load_options(), b = load_options();
  a.seed = b.seed = 123456789;
  EXPECT_EQ(render_fio_job(load_spec(), a), render_fio_job(load_spec(), b));
  EXPECT_NE(render_fio_job(load_spec(), a).find("randseed=123456789\n"), std::string::npos);
  b.seed = 987654321;
  EXPECT_NE(render_fio_job(load_spec(), b).find("randseed=987654321\n"), std::string::npos);
}

TEST(FioJob, SplitsTheRegionAndTheRateOverJobs) {
  WorkloadSpec s = load_spec();
  s.numjobs = 3;
  s.size = "10M";
  s.rate_iops = 100;
  const FioLayout l = fio_layout(s);
  EXPECT_EQ(l.bs, 4096u);
  EXPECT_EQ(l.slice_bytes, 10u * 1024 * 1024 / 3 / 4096 * 4096);  // 3493888: whole blocks
  EXPECT_EQ(l.region_bytes, 3 * l.slice_bytes);
  EXPECT_EQ(l.rate_iops_per_job, 34);  // rounded up: the total is at least what was asked
  const std::string job = render_fio_job(s, load_options());
  EXPECT_NE(job.find("size=3493888\n"), std::string::npos);
  EXPECT_NE(job.find("offset_increment=3493888\n"), std::string::npos);
  EXPECT_NE(job.find("numjobs=3\n"), std::string::npos);
  EXPECT_NE(job.find("rate_iops=34\n"), std::string::npos);

  s.numjobs = 1;
  s.rate_iops = 0;
  const std::string one = render_fio_job(s, load_options());
  EXPECT_EQ(one.find("offset_increment"), std::string::npos);
  EXPECT_EQ(one.find("rate_iops"), std::string::npos);
}

TEST(FioJob, RuntimeIsRenderedInMilliseconds) {
  WorkloadSpec s = load_spec();
  s.runtime_s = 2.5;
  EXPECT_EQ(fio_layout(s).runtime_ms, 2500);
  EXPECT_NE(render_fio_job(s, load_options()).find("runtime=2500ms\n"), std::string::npos);
}

TEST(FioJob, VerifyNoneLeavesVerifyOut) {
  WorkloadSpec s = load_spec();
  s.verify = "none";
  const std::string job = render_fio_job(s, load_options());
  EXPECT_EQ(job.find("verify="), std::string::npos);
  EXPECT_EQ(job.find("verify_backlog"), std::string::npos);
  EXPECT_NE(job.find("continue_on_error=all\n"), std::string::npos);
  const std::string rb = render_fio_readback_job(s, load_options(), "/tmp/harness-fio-x/rb.iolog");
  EXPECT_EQ(rb.find("verify="), std::string::npos);
  EXPECT_EQ(rb.find("verify_interval"), std::string::npos);
}

TEST(FioJob, EveryBadSpecValueIsAScenarioErrorNamingItsKey) {
  struct Case {
    const char* key;
    void (*bad)(WorkloadSpec&);
  };
  const Case cases[] = {
      {"/workload/engine", [](WorkloadSpec& s) { s.engine = "vdbench"; }},
      {"/workload/rw", [](WorkloadSpec& s) { s.rw = "randwrites"; }},
      {"/workload/bs", [](WorkloadSpec& s) { s.bs = "4kb"; }},
      {"/workload/bs", [](WorkloadSpec& s) { s.bs = "1000"; }},
      {"/workload/bs", [](WorkloadSpec& s) { s.bs = "32m"; }},
      {"/workload/size", [](WorkloadSpec& s) { s.size = "512k"; }},
      {"/workload/size", [](WorkloadSpec& s) { s.size = "-1M"; }},
      {"/workload/iodepth", [](WorkloadSpec& s) { s.iodepth = 0; }},
      {"/workload/numjobs", [](WorkloadSpec& s) { s.numjobs = 17; }},
      {"/workload/runtime_s", [](WorkloadSpec& s) { s.runtime_s = 0; }},
      {"/workload/runtime_s", [](WorkloadSpec& s) { s.runtime_s = std::numeric_limits<double>::infinity(); }},
      {"/workload/rate_iops", [](WorkloadSpec& s) { s.rate_iops = -1; }},
      {"/workload/verify", [](WorkloadSpec& s) { s.verify = "crc33"; }},
      {"/workload/verify", [](WorkloadSpec& s) { s.rw = "randread"; }},  // reads with verify
      {"/workload/size", [](WorkloadSpec& s) { s.bs = "1m"; s.numjobs = 16; s.size = "8M"; }},
  };
  for (const auto& c : cases) {
    WorkloadSpec s = load_spec();
    c.bad(s);
    try {
      render_fio_job(s, load_options());
      ADD_FAILURE() << c.key << ": accepted";
    } catch (const ScenarioError& e) {
      EXPECT_EQ(std::string(e.what()).rfind(std::string(c.key) + ": expected ", 0), 0u) << e.what();
    }
  }
}

TEST(FioJob, AReadOnlyWorkloadWithoutVerifyIsFine) {
  WorkloadSpec s = load_spec();
  s.rw = "randread";
  s.verify = "none";
  EXPECT_FALSE(fio_rw_writes(s.rw));
  EXPECT_NE(render_fio_job(s, load_options()).find("rw=randread\n"), std::string::npos);
  EXPECT_TRUE(fio_rw_writes("randrw"));
  EXPECT_TRUE(fio_rw_writes("trimwrite"));
  EXPECT_FALSE(fio_rw_writes("trim"));
}

TEST(FioJob, FilenamesThatFioWouldSplitAreRefused) {
  for (const char* bad : {"", "dev/mapper/mpatha", "/dev/disk/by-path/ip-10.0.0.1:3260-lun-0",
                          "/tmp/a,b", "/tmp/a b", "/tmp/a\nb"}) {
    FioJobOptions o = load_options();
    o.filename = bad;
    EXPECT_THROW(render_fio_job(load_spec(), o), LabError) << bad;
  }
  FioJobOptions o = load_options();
  o.filename = "/dev/disk/by-id/dm-uuid-mpath-36001405abcdef";
  EXPECT_NO_THROW(render_fio_job(load_spec(), o));
}

TEST(FioJob, LatLogPathsFollowFiosNaming) {
  EXPECT_EQ(fio_lat_log_path("/var/tmp/harness-fio/io", 1), "/var/tmp/harness-fio/io_lat.1.log");
  EXPECT_EQ(fio_lat_log_path("/x/io", 12), "/x/io_lat.12.log");
}

TEST(FioJob, TheIologReadsEveryExtentThenPadsWithRereads) {
  const std::vector<FioExtent> ext = {{0, 4096}, {8192, 16384}, {1 << 20, 4096}};
  const std::string log = render_fio_iolog("/dev/mapper/mpatha", ext, 2);
  EXPECT_EQ(log,
            "fio version 2 iolog\n"
            "/dev/mapper/mpatha add\n"
            "/dev/mapper/mpatha open\n"
            "/dev/mapper/mpatha read 0 4096\n"
            "/dev/mapper/mpatha read 8192 16384\n"
            "/dev/mapper/mpatha read 1048576 4096\n"
            // 2 × iodepth rereads: what fio drops at the end of a replay is already verified.
            "/dev/mapper/mpatha read 0 4096\n"
            "/dev/mapper/mpatha read 8192 16384\n"
            "/dev/mapper/mpatha read 1048576 4096\n"
            "/dev/mapper/mpatha read 0 4096\n"
            "/dev/mapper/mpatha close\n");
  EXPECT_EQ(render_fio_iolog("/f", {}, 16), "fio version 2 iolog\n/f add\n/f open\n/f close\n");
}

// A matrix's seed is any 64-bit number; fio 3.33 refused 11791099422977222653 ("failed parsing
// randseed", the job dropped, no I/O): the job carries it without the top bit.
TEST(FioJob, SeedsAbove2To63StillGiveARandseedFioParses) {
  FioJobOptions o = load_options();
  o.seed = 11791099422977222653ULL;
  const auto job = render_fio_job(load_spec(), o);
  EXPECT_NE(job.find("randseed=2567727386122446845\n"), std::string::npos) << job;
  EXPECT_EQ(fio_randseed(7), 7u);
}

}  // namespace
}  // namespace harness
