// The lio-setup helper, run with python3 against a recording rtslib stand-in
// (tests/fakes/rtslib_fb): its steps in a valid order, the relink that gives relative port id
// k, a refused kernel numbering, the ALUA group left "stopped", and arguments it must refuse
// before touching LIO. The real rtslib run is the lab deploy integration test.
#include <algorithm>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "drivers/remote/process.hpp"
#include "harness/core/clock.hpp"
#include "harness/core/deadline.hpp"
#include "unit/temp_dir.hpp"

namespace harness {
namespace {

namespace fs = std::filesystem;

class LioSetupTest : public ::testing::Test {
 protected:
  static std::vector<std::string> args(const std::string& port_id) {
    return {"--device", "/dev/drbd0",
            "--backstore", "drbd0",
            "--serial", "5a11e5e7c0de",
            "--target", "iqn.2003-01.org.example.harness:n2",
            "--initiator", "iqn.2003-01.org.example.harness:initiator",
            "--port-id", port_id,
            "--alua-group", "tpg_n2",
            "--alua-group-id", "2",
            "--portal", "10.213.3.12:3260",
            "--portal", "10.213.4.12:3260"};
  }
  CommandResult run(const std::vector<std::string>& a, const std::string& kernel = "per_device") {
    std::vector<std::string> argv = {"python3", helper};
    argv.insert(argv.end(), a.begin(), a.end());
    ProcessOptions opts;
    opts.extra_env = {{"PYTHONPATH", std::string(HARNESS_SOURCE_DIR) + "/tests/fakes"},
                      {"PYTHONDONTWRITEBYTECODE", "1"},  // nothing written into the source tree
                      {"FAKE_CONFIGFS", (dir / "configfs").string()},
                      {"FAKE_LOG", (dir / "log").string()},
                      {"FAKE_KERNEL", kernel},
                      {"HARNESS_LIO_READY", (dir / "lio-ready").string()}};
    return run_process(argv, Deadline::after(*clock, 30), {}, opts);
  }
  std::vector<std::string> calls() {
    std::vector<std::string> out;
    std::ifstream in(dir / "log");
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  }
  int index(const std::string& call) {
    auto c = calls();
    auto it = std::find(c.begin(), c.end(), call);
    return it == c.end() ? -1 : static_cast<int>(it - c.begin());
  }
  fs::path group() { return dir / "configfs/core/iblock_0/drbd0/alua/tpg_n2"; }

  std::unique_ptr<Clock> clock = make_system_clock();
  std::string helper = std::string(HARNESS_SOURCE_DIR) + "/drivers/lio/lio-setup";
  TempDir tmp;
  const fs::path dir = tmp.path();
};

TEST_F(LioSetupTest, StepsInOrderPortalsLast) {
  auto r = run(args("2"));
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_NE(r.out.find("relative port id 2"), std::string::npos) << r.out;
  int clear = index("clear True");
  int backstore = index("backstore drbd0 /dev/drbd0 5a11e5e7c0de");
  int target = index("target iqn.2003-01.org.example.harness:n2");
  int acl = index("acl iqn.2003-01.org.example.harness:initiator");
  int group_made = index("alua_group tpg_n2 2");
  int enable = index("enable True");
  int p0 = index("portal 10.213.3.12 3260");
  int p1 = index("portal 10.213.4.12 3260");
  ASSERT_EQ(clear, 0);
  EXPECT_LT(clear, backstore);
  EXPECT_LT(backstore, target);
  EXPECT_LT(target, acl);
  EXPECT_LT(acl, group_made);
  EXPECT_LT(group_made, enable);
  EXPECT_LT(enable, p0);
  EXPECT_EQ(p1, static_cast<int>(calls().size()) - 1);
  EXPECT_GE(index("attribute authentication 0"), 0);
  EXPECT_EQ(index("mapped_lun 0"), acl + 1);
  // Persistent reservations need pr/ under the dbroot (rtslib's /etc/rtslib-fb-target).
  EXPECT_TRUE(fs::is_directory(dir / "dbroot" / "pr"));
  EXPECT_TRUE(fs::is_directory(dir / "dbroot" / "alua"));
}

TEST_F(LioSetupTest, SecondNodeRelinksTheLunOnceAndTheIdIsChecked) {
  ASSERT_EQ(run(args("2")).exit_status, 0);
  auto c = calls();
  EXPECT_EQ(std::count(c.begin(), c.end(), "lun 0"), 2);
  EXPECT_EQ(std::count(c.begin(), c.end(), "lun_delete"), 1);
  // A kernel that does not advance the id on relink: the helper says so instead of serving
  // two ports with the same id.
  fs::remove(dir / "log");
  auto r = run(args("2"), "fixed");
  EXPECT_EQ(r.exit_status, 1);
  EXPECT_NE(r.err.find("LUN 0 with relative target port id 2: the kernel gave relative target "
                       "port id 1"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(index("portal 10.213.3.12 3260"), -1) << "no portal for a wrong LU";
}

// Debian 13's kernel (6.12): the id is the TPG's own attribute, written before the LUN and
// never found by relinking (scsi_port/indx reads 0 until the TPG is enabled).
TEST_F(LioSetupTest, OnAKernelWithATpgRtpiTheIdIsWrittenThereWithoutRelinking) {
  auto r = run(args("2"), "tpg_rtpi");
  ASSERT_EQ(r.exit_status, 0) << r.err;
  std::ifstream in(dir / "configfs/iscsi/iqn.2003-01.org.example.harness:n2/tpgt_1/rtpi");
  std::string rtpi;
  in >> rtpi;
  EXPECT_EQ(rtpi, "2");
  auto c = calls();
  EXPECT_EQ(std::count(c.begin(), c.end(), "lun 0"), 1);
  EXPECT_EQ(std::count(c.begin(), c.end(), "lun_delete"), 0);
}

TEST_F(LioSetupTest, ReadyMarkOnlyAfterTheLastStepAndGoneWhileASetupFails) {
  ASSERT_EQ(run(args("2")).exit_status, 0);
  std::ifstream mark(dir / "lio-ready");
  std::string line;
  std::getline(mark, line);
  EXPECT_EQ(line, "iqn.2003-01.org.example.harness:n2");
  // Run again and fail half-way: the mark of the earlier setup is removed before its first step.
  auto r = run(args("2"), "fixed");
  ASSERT_EQ(r.exit_status, 1);
  EXPECT_FALSE(fs::exists(dir / "lio-ready"));
}

TEST_F(LioSetupTest, FirstNodeLinksOnce) {
  ASSERT_EQ(run(args("1")).exit_status, 0);
  auto c = calls();
  EXPECT_EQ(std::count(c.begin(), c.end(), "lun 0"), 1);
  EXPECT_EQ(std::count(c.begin(), c.end(), "lun_delete"), 0);
}

TEST_F(LioSetupTest, AluaGroupLeftStoppedWithItsSupportedStates) {
  ASSERT_EQ(run(args("2")).exit_status, 0);
  EXPECT_EQ(read_text(group() / "alua_access_state"), "3\n");  // unavailable
  EXPECT_EQ(read_text(group() / "alua_access_type"), "1\n");   // implicit only while stopped
  EXPECT_EQ(read_text(group() / "nonop_delay_msecs"), "0\n");
  EXPECT_EQ(read_text(group() / "trans_delay_msecs"), "0\n");
  for (const char* s : {"active_optimized", "active_nonoptimized", "standby", "unavailable",
                        "transitioning"})
    EXPECT_EQ(read_text(group() / (std::string("alua_support_") + s)), "1\n") << s;
  for (const char* s : {"offline", "lba_dependent"})
    EXPECT_EQ(read_text(group() / (std::string("alua_support_") + s)), "0\n") << s;
  EXPECT_EQ(read_text(dir / "configfs/iscsi/iqn.2003-01.org.example.harness:n2/tpgt_1/lun/lun_0/"
                        "alua_tg_pt_gp"),
            "tpg_n2\n");
}

// The calibration's known delay (lab.alua_transition_delay_ms) lands on the group's own attribute.
TEST_F(LioSetupTest, TransitionDelayIsTheGroupsTransDelay) {
  auto a = args("2");
  a.insert(a.end(), {"--transition-delay-ms", "2500"});
  ASSERT_EQ(run(a).exit_status, 0);
  EXPECT_EQ(read_text(group() / "trans_delay_msecs"), "2500\n");
}

TEST_F(LioSetupTest, BadArgumentsRefusedBeforeLioIsTouched) {
  auto with = [](std::string flag, std::string value) {
    auto a = args("2");
    auto it = std::find(a.begin(), a.end(), flag);
    *(it + 1) = std::move(value);
    return a;
  };
  for (const auto& a : {with("--device", "/dev/../etc/passwd"), with("--target", "iqn x; rm"),
                        with("--portal", "10.213.3.12"), with("--portal", "host:3260"),
                        with("--port-id", "0"), with("--alua-group", "a/b")}) {
    auto r = run(a);
    EXPECT_EQ(r.exit_status, 2) << r.err;
  }
  EXPECT_FALSE(fs::exists(dir / "log")) << "nothing may be cleared for a bad call";
}

}  // namespace
}  // namespace harness
