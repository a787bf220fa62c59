// Finding a domain's QEMU process and reading its threads, on a scratch /proc and pid-file
// directory built from the QEMU-like recording (tests/data/host_sched/README.md).
#include <gtest/gtest.h>

#include <cstdlib>

#include "drivers/libvirt/qemu_threads.hpp"
#include "unit/temp_dir.hpp"

namespace harness::lab {
namespace {

namespace fs = std::filesystem;
using namespace std::string_literals;

const fs::path kRec = fs::path(TEST_DATA_DIR) / "host_sched/qemu_like";

std::string cmdline(std::initializer_list<std::string> args) {
  std::string s;
  for (const auto& a : args) s += a + '\0';
  return s;
}

TEST(QemuThreads, PidFilesAreWhereLibvirtKeepsThem) {
  EXPECT_EQ(qemu_pid_dir("qemu:///system"), "/run/libvirt/qemu");
  const char* old = std::getenv("XDG_RUNTIME_DIR");
  std::string saved = old ? old : "";
  ::setenv("XDG_RUNTIME_DIR", "/run/user/1000", 1);
  EXPECT_EQ(qemu_pid_dir("qemu:///session"), "/run/user/1000/libvirt/qemu/run");
  ::unsetenv("XDG_RUNTIME_DIR");
  EXPECT_EQ(qemu_pid_dir("qemu:///session"), "");
  if (old) ::setenv("XDG_RUNTIME_DIR", saved.c_str(), 1);
  EXPECT_EQ(qemu_pid_dir("qemu+ssh://host/system"), "");
  EXPECT_EQ(qemu_pid_dir("test:///default"), "");
}

TEST(QemuThreads, TheCommandLineNamesTheDomain) {
  const std::string qemu = cmdline({"/usr/bin/qemu-system-x86_64", "-name",
                                    "guest=h-3fa2c1-n1,debug-threads=on", "-S", "-machine", "pc"});
  EXPECT_TRUE(cmdline_names_domain(qemu, "h-3fa2c1-n1"));
  EXPECT_FALSE(cmdline_names_domain(qemu, "h-3fa2c1-n"));
  EXPECT_FALSE(cmdline_names_domain(qemu, "h-3fa2c1-n12"));
  EXPECT_FALSE(cmdline_names_domain(qemu, "debug-threads=on"));
  EXPECT_TRUE(cmdline_names_domain(cmdline({"qemu", "-name", "h-3fa2c1-n2"}), "h-3fa2c1-n2"));
  // The name elsewhere on the line (a disk path) is not the guest's name.
  EXPECT_FALSE(cmdline_names_domain(cmdline({"qemu", "-drive", "file=/x/h-3fa2c1-n1.qcow2"}), "h-3fa2c1-n1"));
  EXPECT_FALSE(cmdline_names_domain("", "h-3fa2c1-n1"));
  EXPECT_FALSE(cmdline_names_domain(cmdline({"qemu", "-name"}), "h-3fa2c1-n1"));
}

// A scratch host: /proc/<pid>/{cmdline,task} for each running domain, and the pid files.
struct Host {
  TempDir dir;
  fs::path proc() const { return dir.path() / "proc"; }
  fs::path run() const { return dir.path() / "run"; }
  void process(std::int64_t pid, const std::string& domain, int sample) {
    const fs::path p = proc() / std::to_string(pid);
    fs::create_directories(p);
    fs::copy(kRec / std::to_string(sample) / "task", p / "task", fs::copy_options::recursive);
    write_file(p / "cmdline", cmdline({"/usr/bin/qemu-system-x86_64", "-name", "guest=" + domain + ",debug-threads=on"}));
  }
  void pid_file(const std::string& domain, std::int64_t pid) {
    write_file(run() / (domain + ".pid"), std::to_string(pid));
  }
  void kill(std::int64_t pid) { fs::remove_all(proc() / std::to_string(pid)); }
};

TEST(QemuThreads, EachRunningDomainIsReadThroughItsPidFile) {
  Host host;
  fs::create_directories(host.run());
  host.process(4242, "h-abcdef-n1", 0);
  host.pid_file("h-abcdef-n1", 4242);
  host.process(4343, "h-abcdef-n2", 1);
  host.pid_file("h-abcdef-n2", 4343);
  VirtualClock clock;
  QemuThreads q({{"n1", "h-abcdef-n1"}, {"n2", "h-abcdef-n2"}, {"initiator", "h-abcdef-initiator"}},
                host.run(), clock, host.proc());
  auto r = q.read();
  ASSERT_EQ(r.size(), 2u);  // the initiator is not running
  EXPECT_EQ(r[0].node, "n1");
  EXPECT_EQ(r[0].pid, 4242);
  ASSERT_EQ(r[0].threads.size(), 6u);
  int vcpus = 0;
  for (const auto& t : r[0].threads) vcpus += (t.comm == "CPU 0/TCG" || t.comm == "CPU 1/TCG");
  EXPECT_EQ(vcpus, 2);
  EXPECT_EQ(r[1].node, "n2");
  EXPECT_EQ(r[1].pid, 4343);
}

// A pid file whose process is not that domain's QEMU (left over, pid reused) is not believed.
TEST(QemuThreads, APidFileOfAnotherProcessIsNotBelieved) {
  Host host;
  fs::create_directories(host.run());
  host.process(4242, "someone-else", 0);
  host.pid_file("h-abcdef-n1", 4242);
  VirtualClock clock;
  QemuThreads q({{"n1", "h-abcdef-n1"}}, host.run(), clock, host.proc());
  EXPECT_TRUE(q.read().empty());
}

// Killed and started again: the old process is gone, the pid file names the new one.
TEST(QemuThreads, ANodeRestartedIsFoundUnderItsNewPid) {
  Host host;
  fs::create_directories(host.run());
  host.process(4242, "h-abcdef-n1", 0);
  host.pid_file("h-abcdef-n1", 4242);
  VirtualClock clock;
  QemuThreads q({{"n1", "h-abcdef-n1"}}, host.run(), clock, host.proc());
  ASSERT_EQ(q.read().at(0).pid, 4242);
  host.kill(4242);
  fs::remove(host.run() / "h-abcdef-n1.pid");
  EXPECT_TRUE(q.read().empty());
  host.process(5000, "h-abcdef-n1", 3);
  host.pid_file("h-abcdef-n1", 5000);
  auto r = q.read();
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].pid, 5000);
}

// Without readable pid files the command lines are searched, at most every 5 s per domain.
TEST(QemuThreads, WithoutPidFilesTheCommandLinesAreSearchedNowAndThen) {
  Host host;
  host.process(777, "h-abcdef-n1", 0);
  VirtualClock clock;
  QemuThreads q({{"n1", "h-abcdef-n1"}, {"n2", "h-abcdef-n2"}}, host.run() /* missing */, clock,
                host.proc());
  auto r = q.read();
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].pid, 777);
  host.process(888, "h-abcdef-n2", 0);
  clock.advance(kNsPerS);
  EXPECT_EQ(q.read().size(), 1u) << "n2 was searched for less than 5 s ago";
  clock.advance(5 * kNsPerS);
  EXPECT_EQ(q.read().size(), 2u);
}

}  // namespace
}  // namespace harness::lab
