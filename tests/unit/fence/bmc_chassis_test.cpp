// The BMC's chassis control script (drivers/fence/bmc-chassis), run as ipmi_sim runs it with a
// fake virsh first on PATH: power is read from domstate, set with destroy/start only when the
// domain is not already there, and every argument reaches virsh as one argv element.
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "drivers/fence/ipmi_sim_conf.hpp"
#include "drivers/remote/process.hpp"
#include "harness/core/clock.hpp"
#include "harness/core/data_dir.hpp"
#include "tests/unit/temp_dir.hpp"

namespace harness {
namespace {

namespace fs = std::filesystem;

// Logs each call's arguments one per line, then "--"; answers domstate from ./state.
const char* kFakeVirsh =
    "#!/bin/sh\n"
    "d=$(dirname \"$0\")\n"
    "for a in \"$@\"; do printf '%s\\n' \"$a\" >> \"$d/calls\"; done\n"
    "echo -- >> \"$d/calls\"\n"
    "case $3 in\n"
    "  domstate) [ -f \"$d/state\" ] || { echo 'error: failed to get domain' >&2; exit 1; }\n"
    "            cat \"$d/state\" ;;\n"
    "  destroy) echo 'shut off' > \"$d/state\"; echo \"Domain '$4' destroyed\" ;;\n"
    "  start) echo running > \"$d/state\"; echo \"Domain '$4' started\" ;;\n"
    "esac\n";

class BmcChassis : public ::testing::Test {
 protected:
  TempDir dir;
  void SetUp() override {
    write_file(dir.path() / "virsh", kFakeVirsh);
    ::chmod((dir.path() / "virsh").c_str(), 0755);
  }
  void state(const std::string& s) { write_file(dir.path() / "state", s + "\n"); }
  CommandResult run(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"env", "PATH=" + dir.path().string() + ":/usr/bin:/bin",
                                     data_path(kBmcChassisScript).string()};
    argv.insert(argv.end(), args.begin(), args.end());
    auto clock = make_system_clock();
    return run_process(argv, Deadline::after(*clock, 20));
  }
  std::string calls() { return read_text(dir.path() / "calls"); }
};

TEST_F(BmcChassis, GetPowerReadsTheDomainsState) {
  state("running");
  auto r = run({"qemu:///system", "h-abc123-n1", "get", "power"});
  EXPECT_EQ(r.exit_status, 0) << r.out;
  EXPECT_EQ(r.out, "power:1\n");
  EXPECT_EQ(calls(), "-c\nqemu:///system\ndomstate\nh-abc123-n1\n--\n");
  state("paused");  // a paused domain still has power
  EXPECT_EQ(run({"qemu:///system", "h-abc123-n1", "get", "power"}).out, "power:1\n");
  state("shut off");
  EXPECT_EQ(run({"qemu:///system", "h-abc123-n1", "get", "power"}).out, "power:0\n");
}

TEST_F(BmcChassis, PowerOffDestroysOnlyARunningDomain) {
  state("running");
  auto r = run({"qemu:///system", "h-abc123-n2", "set", "power", "0"});
  EXPECT_EQ(r.exit_status, 0) << r.out;
  EXPECT_NE(calls().find("-c\nqemu:///system\ndestroy\nh-abc123-n2\n--\n"), std::string::npos)
      << calls();
  ::unlink((dir.path() / "calls").c_str());
  r = run({"qemu:///system", "h-abc123-n2", "set", "power", "0"});  // already off: a no-op
  EXPECT_EQ(r.exit_status, 0) << r.out;
  EXPECT_EQ(calls().find("destroy"), std::string::npos) << calls();
  r = run({"qemu:///system", "h-abc123-n2", "set", "power", "1"});
  EXPECT_EQ(r.exit_status, 0) << r.out;
  EXPECT_NE(calls().find("-c\nqemu:///system\nstart\nh-abc123-n2\n--\n"), std::string::npos);
}

TEST_F(BmcChassis, ArgumentsAreNeverShellText) {
  state("running");
  const std::string domain = "x;touch " + (dir.path() / "pwned").string() + ";$(id)";
  auto r = run({"qemu:///system", domain, "set", "power", "0"});
  EXPECT_FALSE(fs::exists(dir.path() / "pwned"));
  EXPECT_NE(calls().find("destroy\n" + domain + "\n--\n"), std::string::npos) << calls();
}

TEST_F(BmcChassis, BadRequestsFailWithAMessage) {
  state("running");
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"qemu:///system", "d", "get", "temperature"},
                                             {"qemu:///system", "d", "set", "power"},
                                             {"qemu:///system", "d", "set", "power", "2"},
                                             {"qemu:///system", "d", "set", "boot", "floppy"},
                                             {"qemu:///system", "d", "frobnicate"},
                                             {"qemu:///system"}}) {
    auto r = run(args);
    EXPECT_NE(r.exit_status, 0) << args.back();
    EXPECT_FALSE(r.out.empty()) << "ipmi_sim logs the script's stdout: " << args.back();
  }
  ::unlink((dir.path() / "state").c_str());  // virsh cannot read the domain
  auto r = run({"qemu:///system", "gone", "get", "power"});
  EXPECT_NE(r.exit_status, 0);
  EXPECT_NE(r.out.find("virsh domstate gone: error: failed to get domain"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace harness
