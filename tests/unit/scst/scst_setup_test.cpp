// The scst-setup and scst-set-state helpers, run with /bin/sh against a fake SCST sysfs tree and
// stand-ins for iscsi-scstd and scstadmin first on PATH that log their arguments (scstadmin's
// -config makes the device group the file would, offline, as SCST does; -clear_config removes
// it): the steps in order, the ready mark only after the last one, the daemon left alone when
// it already runs, a failed step named, and arguments refused before anything is touched. The
// real SCST run is still to come (docs/SCST.md).
#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "drivers/remote/process.hpp"
#include "harness/core/clock.hpp"
#include "harness/core/deadline.hpp"
#include "tests/unit/ocf_agent_support.hpp"
#include "unit/temp_dir.hpp"

namespace harness {
namespace {

namespace fs = std::filesystem;
using test::slurp;
using test::write;

class ScstSetupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(sysfs / "targets/iscsi");
    write(sysfs / "targets/iscsi/open_state", "closed\n");
    fs::create_directories(dir.path() / "bin");
    // Each stand-in logs "<name> <args>"; FAIL_<NAME>=1 makes it fail. scstadmin acts on the
    // tree as SCST would for the harness's scst.conf.
    stub("iscsi-scstd", "");
    stub("scstadmin",
         "case \"$*\" in\n"
         "*-clear_config*) rm -rf \"$HARNESS_SCST_SYSFS/device_groups\" ;;\n"
         "*-config*) mkdir -p \"$HARNESS_SCST_SYSFS/device_groups/dg_drbd0/target_groups/tg_n2\"\n"
         "  printf 'offline\\n[key]\\n' >\"$HARNESS_SCST_SYSFS/device_groups/dg_drbd0/target_groups/tg_n2/state\"\n"
         "  [ -e \"$dir/mark-seen\" ] || { [ -e \"$HARNESS_SCST_READY\" ] && touch \"$dir/mark-seen\"; } ;;\n"
         "esac\n");
    write(dir.path() / "scst-ready", "stale\n");  // from an earlier setup: removed first
  }
  void stub(const std::string& name, const std::string& body) {
    std::string upper = name;
    for (auto& c : upper) c = c == '-' ? '_' : static_cast<char>(std::toupper(c));
    write(dir.path() / "bin" / name,
          "#!/bin/sh\necho \"" + name + " $*\" >>\"$dir/log\"\n[ \"${FAIL_" + upper +
              ":-0}\" = 1 ] && exit 1\n" + body + "exit 0\n");
    fs::permissions(dir.path() / "bin" / name, fs::perms::owner_all);
  }
  static std::vector<std::string> args() {
    return {"--config", "/etc/scst.conf", "--device-group", "dg_drbd0", "--target-group", "tg_n2",
            "--listen", "10.213.3.12", "--listen", "10.213.4.12", "--port", "3260"};
  }
  CommandResult run(const std::string& script, const std::vector<std::string>& a,
                    std::map<std::string, std::string> env = {}) {
    std::vector<std::string> argv = {"/bin/sh", std::string(HARNESS_SOURCE_DIR) + "/drivers/scst/" + script};
    argv.insert(argv.end(), a.begin(), a.end());
    ProcessOptions opts;
    opts.extra_env = {{"PATH", (dir.path() / "bin").string() + ":/usr/bin:/bin"},
                      {"dir", dir.path().string()},
                      {"HARNESS_SCST_SYSFS", sysfs.string()},
                      {"HARNESS_SCST_READY", (dir.path() / "scst-ready").string()},
                      {"HARNESS_SCST_WRITE_WAIT_S", "0"}};
    for (auto& [k, v] : env) opts.extra_env[k] = v;
    return run_process(argv, Deadline::after(*clock, 20), {}, opts);
  }
  std::vector<std::string> calls() {
    std::vector<std::string> out;
    std::ifstream in(dir.path() / "log");
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  }
  fs::path state(const std::string& tg) {
    return sysfs / "device_groups/dg_drbd0/target_groups" / tg / "state";
  }

  std::unique_ptr<Clock> clock = make_system_clock();
  TempDir dir;
  fs::path sysfs = dir.path() / "scst_tgt";
};

TEST_F(ScstSetupTest, DaemonThenClearThenConfigThenTheReadyMark) {
  auto r = run("scst-setup", args());
  ASSERT_EQ(r.exit_status, 0) << r.out << r.err;
  EXPECT_EQ(calls(), (std::vector<std::string>{
                         "iscsi-scstd -p 3260 -a 10.213.3.12 10.213.4.12",
                         "scstadmin -noprompt -force -clear_config",
                         "scstadmin -noprompt -config /etc/scst.conf",
                     }));
  EXPECT_EQ(slurp(dir.path() / "scst-ready"), "tg_n2\n");
  EXPECT_FALSE(fs::exists(dir.path() / "mark-seen"))
      << "the mark of an earlier setup was still there while the configuration was applied";
}

TEST_F(ScstSetupTest, ARunningDaemonIsLeftAlone) {
  write(sysfs / "targets/iscsi/open_state", "open\n");
  ASSERT_EQ(run("scst-setup", args()).exit_status, 0);
  for (const auto& c : calls()) EXPECT_EQ(c.rfind("iscsi-scstd", 0), std::string::npos) << c;
}

TEST_F(ScstSetupTest, WithoutListenAddressesTheDaemonListensEverywhere) {
  auto a = args();
  a.erase(a.begin() + 6, a.begin() + 10);
  ASSERT_EQ(run("scst-setup", a).exit_status, 0);
  EXPECT_EQ(calls().front(), "iscsi-scstd -p 3260");
}

TEST_F(ScstSetupTest, AFailedStepIsNamedAndLeavesNoReadyMark) {
  for (const char* which : {"FAIL_ISCSI_SCSTD", "FAIL_SCSTADMIN"}) {
    auto r = run("scst-setup", args(), {{which, "1"}});
    EXPECT_EQ(r.exit_status, 1) << which;
    EXPECT_NE(r.err.find("scst-setup: "), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir.path() / "scst-ready")) << which;
  }
  EXPECT_NE(run("scst-setup", args(), {{"FAIL_ISCSI_SCSTD", "1"}}).err.find("iscsi-scstd"),
            std::string::npos);
}

TEST_F(ScstSetupTest, AGroupTheConfigDidNotLeaveOfflineFailsTheSetup) {
  auto a = args();
  a[5] = "tg_n1";  // not in the (fake) applied configuration
  auto r = run("scst-setup", a);
  EXPECT_EQ(r.exit_status, 1);
  EXPECT_NE(r.err.find("target group dg_drbd0/tg_n1 left offline"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir.path() / "scst-ready"));
}

TEST_F(ScstSetupTest, BadArgumentsAreRefusedBeforeAnythingRuns) {
  const std::vector<std::pair<std::size_t, std::string>> bad = {
      {1, "etc/scst.conf"},  {1, "/etc/../shadow"}, {1, "/etc/scst conf"},
      {3, "dg/x"},           {3, ".."},             {5, ""},
      {5, "tg;reboot"},      {7, "10.213.3"},       {7, "10.213.3.256"},
      {7, "10.213.3.1 x"},   {11, "0"},             {11, "http"},
  };
  for (const auto& [at, value] : bad) {
    auto a = args();
    a[at] = value;
    auto r = run("scst-setup", a);
    EXPECT_EQ(r.exit_status, 2) << a[at - 1] << " " << value << ": " << r.err;
  }
  auto r = run("scst-setup", {"--config"});
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_EQ(run("scst-setup", {"--bogus", "x"}).exit_status, 2);
  EXPECT_TRUE(calls().empty());
  EXPECT_EQ(slurp(dir.path() / "scst-ready"), "stale\n") << "untouched";
}

TEST_F(ScstSetupTest, SetStateWritesTheNameAndJudgesItByReadingItBack) {
  ASSERT_EQ(run("scst-setup", args()).exit_status, 0);
  auto r = run("scst-set-state", {"dg_drbd0", "tg_n2", "active"});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_EQ(slurp(state("tg_n2")), "active\n");
  // A write SCST refuses leaves nothing to read back: a failure naming the state.
  fs::remove(state("tg_n2"));
  fs::create_directory(state("tg_n2"));
  r = run("scst-set-state", {"dg_drbd0", "tg_n2", "standby"});
  EXPECT_EQ(r.exit_status, 1);
  EXPECT_NE(r.err.find("not standby"), std::string::npos) << r.err;
}

TEST_F(ScstSetupTest, SetStateWaitsForAQueuedWriteToShow) {
  ASSERT_EQ(run("scst-setup", args()).exit_status, 0);
  // The helper's write goes nowhere and reads back nothing (SCST queued it: EAGAIN), until
  // SCST has carried it out, a second later.
  const fs::path f = state("tg_n2");
  fs::remove(f);
  fs::create_symlink("/dev/null", f);
  std::thread later([f] {
    std::this_thread::sleep_for(std::chrono::milliseconds(1200));
    fs::remove(f);
    write(f, "standby\n");
  });
  auto t0 = std::chrono::steady_clock::now();
  auto r = run("scst-set-state", {"dg_drbd0", "tg_n2", "standby"},
               {{"HARNESS_SCST_WRITE_WAIT_S", "5"}});
  double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  later.join();
  EXPECT_EQ(r.exit_status, 0) << r.err;
  EXPECT_GE(took, 1.0);
  // Without the wait, the same write is a failure.
  fs::remove(f);
  fs::create_symlink("/dev/null", f);
  r = run("scst-set-state", {"dg_drbd0", "tg_n2", "standby"});
  EXPECT_EQ(r.exit_status, 1);
  EXPECT_NE(r.err.find("reads 'nothing', not standby"), std::string::npos) << r.err;
}

TEST_F(ScstSetupTest, SetStateRefusesNamesAndStatesItDoesNotKnow) {
  ASSERT_EQ(run("scst-setup", args()).exit_status, 0);
  for (const std::vector<std::string>& a : std::vector<std::vector<std::string>>{
           {"dg_drbd0", "tg_n2", "optimized"},
           {"dg_drbd0", "tg_n2", "0"},
           {"../dg", "tg_n2", "active"},
           {"dg_drbd0", "tg n2", "active"},
           {"dg_drbd0", "tg_n2"}}) {
    EXPECT_EQ(run("scst-set-state", a).exit_status, 2) << a[0] << " " << a[1];
  }
  EXPECT_EQ(run("scst-set-state", {"dg_drbd0", "tg_n1", "active"}).exit_status, 1)
      << "no such group";
  EXPECT_EQ(slurp(state("tg_n2")), "offline\n[key]\n");
}

}  // namespace
}  // namespace harness
