// fence_virtd and the simulated BMCs on the host: recognised by executable and config path only,
// and (with ipmi_sim and ipmitool installed) a real BMC on loopback answers the run's
// credentials only, powers the domain through the chassis script, and is found and stopped by
// its run id while another run's BMC keeps running.
#include "drivers/libvirt/fence_daemons.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>

#include "drivers/fence/ipmi_sim_conf.hpp"
#include "drivers/libvirt/daemons.hpp"
#include "drivers/libvirt/host_process.hpp"
#include "drivers/libvirt/lab_cleanup.hpp"
#include "drivers/libvirt/lab_record.hpp"
#include "drivers/remote/process.hpp"
#include "drivers/shipped_file.hpp"
#include "harness/core/clock.hpp"
#include "harness/core/errors.hpp"
#include "tests/unit/temp_dir.hpp"

namespace harness::lab {
namespace {

namespace fs = std::filesystem;

const fs::path kRoot = "/var/lib/harness/labs";

TEST(FenceDaemons, RecognisedByExecutableAndConfigUnderTheLabsRoot) {
  auto d = fence_daemon_of(
      41, "fence_virtd",
      "/usr/sbin/fence_virtd -F -f /var/lib/harness/labs/fx/fence/fence_virtd-fx-20261207T1500-abc.conf "
      "-p /var/lib/harness/labs/fx/fence/fence_virtd-fx-20261207T1500-abc.pid",
      kRoot);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->pid, 41);
  EXPECT_EQ(d->run_id, "fx-20261207T1500-abc");
  EXPECT_EQ(d->config, kRoot / "fx/fence/fence_virtd-fx-20261207T1500-abc.conf");

  auto b = fence_daemon_of(42, "ipmi_sim",
                           "ipmi_sim -n -p -c /var/lib/harness/labs/fx/fence/bmc-fx-1-abc-n2.conf "
                           "-f /var/lib/harness/labs/fx/fence/bmc-fx-1-abc-n2.emu",
                           kRoot);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->run_id, "fx-1-abc") << "the node is not part of the run id";

  // Not ours: another program, a config elsewhere, another file name, the wrong flag.
  EXPECT_FALSE(fence_daemon_of(43, "sshd", "sshd -f /var/lib/harness/labs/fx/fence/bmc-r-n1.conf", kRoot));
  EXPECT_FALSE(fence_daemon_of(44, "ipmi_sim", "ipmi_sim -c /etc/ipmi/lan.conf", kRoot));
  EXPECT_FALSE(fence_daemon_of(45, "ipmi_sim", "ipmi_sim -c /tmp/labs/fx/fence/bmc-r-n1.conf", kRoot));
  EXPECT_FALSE(fence_daemon_of(46, "fence_virtd", "fence_virtd -f /etc/fence_virt.conf", kRoot));
  EXPECT_FALSE(fence_daemon_of(47, "fence_virtd",
                               "fence_virtd -f /var/lib/harness/labs/fx/fence/other.conf", kRoot));
  EXPECT_FALSE(fence_daemon_of(48, "ipmi_sim",
                               "ipmi_sim -f /var/lib/harness/labs/fx/fence/bmc-r-n1.conf", kRoot));
}

TEST(FenceDaemons, FilesCarryTheRunId) {
  XvmFiles x{"/l/fx/fence", "fx-1-abc"};
  EXPECT_EQ(x.config(), fs::path("/l/fx/fence/fence_virtd-fx-1-abc.conf"));
  EXPECT_EQ(x.pid_file(), fs::path("/l/fx/fence/fence_virtd-fx-1-abc.pid"));
  BmcFiles b{"/l/fx/fence", "fx-1-abc", "n1"};
  EXPECT_EQ(b.config(), fs::path("/l/fx/fence/bmc-fx-1-abc-n1.conf"));
  EXPECT_EQ(b.emu(), fs::path("/l/fx/fence/bmc-fx-1-abc-n1.emu"));
}

TEST(FenceDaemons, RecordKeepsTheAgentAndItsDaemons) {
  TempDir t;
  LabRecord r;
  r.lab = "fx";
  r.run_id = "fx-1-abc";
  r.tag = "abc";
  r.uri = "qemu:///system";
  r.dir = t.path().string();
  r.fence.agent = "fence_ipmilan";
  r.fence.address = "10.213.8.1";
  r.fence.bmc_user = "harness";
  r.fence.bmcs = {{"n1", "/x/fence/bmc-fx-1-abc-n1.conf", 16239, 101, 7},
                  {"n2", "/x/fence/bmc-fx-1-abc-n2.conf", 16240, 102, 8}};
  save_record(r, t.path());
  auto back = load_record(t.path());
  ASSERT_TRUE(back);
  EXPECT_EQ(back->fence.agent, "fence_ipmilan");
  ASSERT_EQ(back->fence.bmcs.size(), 2u);
  EXPECT_EQ(back->fence.bmcs[1].node, "n2");
  EXPECT_EQ(back->fence.bmcs[1].port, 16240);
  EXPECT_EQ(back->fence.bmcs[1].pid, 102);
  EXPECT_TRUE(back->fence.config.empty()) << "no fence sshd for this agent";

  r.fence = {};
  r.fence.agent = "fence_xvm";
  r.fence.address = "10.213.8.1";
  r.fence.xvm_group = "239.255.213.1";
  r.fence.virtd = {"", "/x/fence/fence_virtd-fx-1-abc.conf", 1231, 55, 9};
  save_record(r, t.path());
  back = load_record(t.path());
  EXPECT_EQ(back->fence.xvm_group, "239.255.213.1");
  EXPECT_EQ(back->fence.virtd.config, "/x/fence/fence_virtd-fx-1-abc.conf");
  EXPECT_EQ(back->fence.virtd.port, 1231);

  // A record from before the choice of agent was fence_virsh.
  write_file(t.path() / "lab.json",
             R"({"version":1,"lab":"fx","run_id":"fx-1-abc","tag":"abc","uri":"qemu:///system",
                 "dir":"/x","owner":{"pid":1,"start":2},
                 "fence":{"address":"10.213.8.1","port":22,"config":"/x/fence/sshd-fx-1-abc.conf"}})");
  EXPECT_EQ(load_record(t.path())->fence.agent, "fence_virsh");
}

int free_udp_port() {
  int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
  socklen_t len = sizeof sa;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len);
  ::close(fd);
  return ntohs(sa.sin_port);
}

// A lab directory with one BMC for node n1 of `run`, listening on 127.0.0.1:`port`.
BmcFiles make_bmc(const fs::path& root, const std::string& lab, const std::string& run, int port,
                  const std::string& password) {
  BmcFiles f{root / lab / "fence", run, "n1"};
  fs::create_directories(f.dir);
  write_file(f.chassis(), read_shipped_file(kBmcChassisScript));
  ::chmod(f.chassis().c_str(), 0700);
  BmcParams p;
  p.lab = lab;
  p.run_id = run;
  p.node = "n1";
  p.address = "127.0.0.1";
  p.port = port;
  p.user = "harness";
  p.password = password;
  p.chassis_script = f.chassis().string();
  p.uri = "qemu:///system";
  p.domain = "h-" + lab + "-n1";
  write_file(f.config(), render_bmc_lan_conf(p));
  write_file(f.emu(), render_bmc_emu());
  return f;
}

TEST(FenceDaemons, RealBmcPowersTheDomainAndCleanupStopsOnlyItsRun) {
  const std::string ipmi_sim = find_system_program("ipmi_sim");
  if (ipmi_sim.empty() || !program_exists("ipmitool")) GTEST_SKIP() << "needs ipmi_sim and ipmitool";
  TempDir root;
  write_file(root.path() / "bin/virsh",
             "#!/bin/sh\necho \"$*\" >> \"$(dirname \"$0\")/calls\"\n"
             "case $3 in domstate) echo running ;; esac\n");
  ::chmod((root.path() / "bin/virsh").c_str(), 0755);
  const std::vector<std::string> env = {"PATH=" + (root.path() / "bin").string() + ":/usr/bin:/bin"};
  auto clock = make_system_clock();
  const int port_a = free_udp_port(), port_b = free_udp_port();
  BmcFiles a = make_bmc(root.path(), "la", "la-run1", port_a, "Pw0fRunA1xYz");
  BmcFiles b = make_bmc(root.path(), "lb", "lb-run2", port_b, "Pw0fRunB2xYz");
  std::int64_t pid_a = start_bmc(ipmi_sim, a, "127.0.0.1", port_a, Deadline::after(*clock, 20), env);
  std::int64_t pid_b = start_bmc(ipmi_sim, b, "127.0.0.1", port_b, Deadline::after(*clock, 20), env);
  struct Stop {
    std::vector<std::pair<fs::path, std::int64_t>> bmcs;
    ~Stop() {
      std::vector<std::string> e;
      for (const auto& [c, p] : bmcs) stop_fence_daemon(c, p, e);
    }
  } stop{{{a.config(), pid_a}, {b.config(), pid_b}}};

  auto ipmitool = [&](const std::string& password, const std::string& what) {
    return run_process({"ipmitool", "-I", "lanplus", "-C", "3", "-H", "127.0.0.1", "-p",
                        std::to_string(port_a), "-U", "harness", "-P", password, "chassis",
                        "power", what},
                       Deadline::after(*clock, 30));
  };
  auto status = ipmitool("Pw0fRunA1xYz", "status");
  EXPECT_EQ(status.exit_status, 0) << status.out << status.err;
  EXPECT_NE(status.out.find("Chassis Power is on"), std::string::npos) << status.out;
  auto off = ipmitool("Pw0fRunA1xYz", "off");
  EXPECT_EQ(off.exit_status, 0) << off.out << off.err;
  EXPECT_NE(read_text(root.path() / "bin/calls").find("-c qemu:///system destroy h-la-n1"),
            std::string::npos)
      << read_text(root.path() / "bin/calls");
  const std::string calls_before = read_text(root.path() / "bin/calls");
  EXPECT_NE(ipmitool("Pw0fRunB2xYz", "off").exit_status, 0) << "run B's password on A's BMC";
  EXPECT_EQ(read_text(root.path() / "bin/calls"), calls_before);

  // Both are found, each with its run; cleanup's choice takes the unrecorded run A only.
  auto found = find_fence_daemons(root.path());
  ASSERT_EQ(found.size(), 2u);
  auto left = unrecorded_fence_daemons(root.path(), {"lb-run2"}, std::nullopt);
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].run_id, "la-run1");
  EXPECT_EQ(left[0].pid, pid_a);
  EXPECT_TRUE(unrecorded_fence_daemons(root.path(), {}, std::string("lb"))[0].run_id == "lb-run2");
  LabRecord rec;  // a lab.json beside A naming run A: a lab up in progress, not an orphan
  rec.lab = "la";
  rec.run_id = "la-run1";
  rec.dir = (root.path() / "la").string();
  save_record(rec, root.path() / "la");
  EXPECT_TRUE(unrecorded_fence_daemons(root.path(), {"lb-run2"}, std::nullopt).empty());

  std::vector<std::string> errors;
  auto stopped = stop_fence_daemon(a.config(), pid_a, errors);
  EXPECT_TRUE(errors.empty()) << errors.front();
  ASSERT_EQ(stopped.size(), 1u);
  EXPECT_NE(stopped[0].find("ipmi_sim pid " + std::to_string(pid_a)), std::string::npos) << stopped[0];
  EXPECT_FALSE(process_running(pid_a));
  EXPECT_TRUE(process_running(pid_b)) << "another run's BMC was stopped";
  EXPECT_TRUE(udp_port_bindable("127.0.0.1", port_a));
  EXPECT_TRUE(stop_fence_daemon(a.config(), pid_a, errors).empty()) << "nothing left to stop";
}

TEST(FenceDaemons, ABmcThatCannotStartIsAnErrorWithItsLog) {
  const std::string ipmi_sim = find_system_program("ipmi_sim");
  if (ipmi_sim.empty()) GTEST_SKIP() << "needs ipmi_sim";
  TempDir root;
  const int port = free_udp_port();
  BmcFiles f = make_bmc(root.path(), "lc", "lc-run3", port, "Pw0fRunC3xYz");
  write_file(f.config(), "name \"x\"\nset_working_mc 0x20\n  bogus_keyword 1\n");
  auto clock = make_system_clock();
  try {
    start_bmc(ipmi_sim, f, "127.0.0.1", port, Deadline::after(*clock, 20));
    ADD_FAILURE() << "a BMC with a broken config started";
  } catch (const LabError& e) {
    EXPECT_NE(std::string(e.what()).find("exited at start"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace harness::lab
