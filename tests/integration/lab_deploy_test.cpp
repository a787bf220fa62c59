// Issue 4's end-to-end check on real VMs: lab up -> deploy -> settle -> healthy -> the cluster
// fences n2 through the hypervisor (stonith_admin --reboot) -> n2 rejoins, healthy again ->
// data written through the multipath device reads back identical through each path group ->
// teardown leaves nothing.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <iostream>
#include <map>
#include <sstream>

#include "drivers/libvirt/lab_sut.hpp"
#include "drivers/libvirt/libvirt_lab.hpp"
#include "harness/core/history.hpp"
#include "lab_test_support.hpp"

namespace harness::lab {
namespace {

using testing::CleanupGuard;
using testing::force_cleanup;
using testing::kUri;
using testing::leftovers;
using testing::test_image;

std::string first_word(const std::string& s) { return s.substr(0, s.find_first_of(" \n")); }

// Lifecycle events of `node` with cause `cause`, as "what" strings in order.
std::vector<std::string> lifecycle_of(const History& h, const std::string& node,
                                      const std::string& cause) {
  std::vector<std::string> v;
  for (const auto& e : h.events())
    // Power events only: QEMU starts paused, so "resumed" may come before or after "started".
    if (e.kind == EventKind::lifecycle && e.node == node && e.data.value("cause", "") == cause &&
        e.what != "resumed" && e.what != "suspended")
      v.push_back(e.what);
  return v;
}

TEST(LabDeployIntegration, DeploySettleFenceRejoinAndReadBackThroughEachPathGroup) {
  std::string why;
  auto image = test_image(why);
  if (!image) GTEST_SKIP() << why;
  const std::string name = "itest-deploy";
  force_cleanup(name);
  CleanupGuard guard{name};
  auto clock = make_system_clock();
  auto say = [](const std::string& s) { std::cerr << "[deploy] " << s << std::endl; };

  LibvirtLabOptions o;
  o.lab_name = name;
  o.uri = kUri;
  o.image = *image;
  o.progress = say;
  LibvirtLab lab(o, *clock);
  lab.provision(Deadline::after(*clock, 400));
  std::string tag = lab.record().tag;

  auto sut = make_lab_cluster(lab, Tunables{}, say);
  auto t0 = clock->now_ns();
  try {
    sut->deploy(Deadline::after(*clock, 600));
    sut->settle(Deadline::after(*clock, 300));
  } catch (const std::exception& e) {
    sut->collect_logs(std::filesystem::temp_directory_path() / ("harness-" + name + "-logs"),
                      Deadline::after(*clock, 120));
    FAIL() << e.what();
  }
  double deploy_s = ns_to_seconds(clock->now_ns() - t0);
  RecordProperty("deploy_settle_s", fmt::format("{:.1f}", deploy_s));
  std::cerr << fmt::format("deploy + settle: {:.1f} s\n", deploy_s);
  EXPECT_EQ(sut->unhealthy(Deadline::after(*clock, 120)), "");
  Roles roles = sut->roles(Deadline::after(*clock, 60));
  EXPECT_EQ(roles.active, "n1") << "the tie-breaker puts the first promotion on n1";
  EXPECT_EQ(roles.standby, "n2");

  // The cluster fences n2 through its fence device (fence_virsh -> the host -> virsh).
  History history;
  lab.watch_lifecycle(history);
  auto f0 = clock->now_ns();
  auto fence = lab.remote("n1").run({"stonith_admin", "--reboot", "n2", "--timeout", "180"},
                                    Deadline::after(*clock, 240));
  double fence_s = ns_to_seconds(clock->now_ns() - f0);
  std::cerr << fmt::format("stonith_admin --reboot n2: exit {} in {:.1f} s\n", fence.exit_status,
                           fence_s);
  ASSERT_EQ(fence.exit_status, 0) << fence.err;
  // The reset is seen by the hypervisor (not caused by the harness) and n2 comes back.
  auto seen = Deadline::after(*clock, 60);
  while (lifecycle_of(history, "n2", "external").size() < 2 && seen.sleep_until(clock->now_ns() + 500'000'000)) {
  }
  auto events = lifecycle_of(history, "n2", "external");
  ASSERT_GE(events.size(), 2u) << "expected destroyed and started of n2";
  EXPECT_EQ(events[0], "destroyed");
  EXPECT_EQ(events[1], "started");
  EXPECT_TRUE(lifecycle_of(history, "n1", "external").empty()) << "n1 must not be fenced";
  auto h = lab.remote("n1").check({"stonith_admin", "--history", "n2", "--verbose"},
                                  Deadline::after(*clock, 60));
  EXPECT_NE(h.out.find("reboot"), std::string::npos) << h.out;
  EXPECT_NE(h.out.find("successful"), std::string::npos) << h.out;

  auto r0 = clock->now_ns();
  sut->recover(Deadline::after(*clock, 600));
  std::cerr << fmt::format("n2 rejoined and healthy {:.1f} s after the fence call returned\n",
                           ns_to_seconds(clock->now_ns() - r0));
  EXPECT_EQ(sut->unhealthy(Deadline::after(*clock, 120)), "");
  EXPECT_EQ(sut->roles(Deadline::after(*clock, 60)).active, "n1")
      << "no automatic failback to n2, and n1 kept the role";

  // Known data through the multipath device, read back through a path of each group.
  Remote& ini = lab.remote("initiator");
  auto d = Deadline::after(*clock, 300);
  std::string wwid =
      first_word(ini.check({"multipathd", "show", "maps", "raw", "format", "%w"}, d).out);
  ASSERT_FALSE(wwid.empty());
  const std::string map = "/dev/mapper/" + wwid;
  ini.check({"dd", "if=/dev/urandom", "of=/var/tmp/harness-pattern", "bs=1M", "count=4",
             "status=none"}, d);
  ini.check({"dd", "if=/var/tmp/harness-pattern", "of=" + map, "bs=1M", "oflag=direct",
             "conv=fsync", "status=none"}, d);
  std::string want = first_word(ini.check({"sha256sum", "/var/tmp/harness-pattern"}, d).out);
  // prio 50 = the active/optimized group (n1), 10 = active/non-optimized (n2).
  std::istringstream paths(
      ini.check({"multipathd", "show", "paths", "raw", "format", "%d %p"}, d).out);
  std::map<std::string, int> matches_by_prio;
  std::string dev;
  int prio = 0;
  while (paths >> dev >> prio) {
    // The script is a constant; the device is a positional argument, never spliced in. dd's
    // failure is the script's (no pipe hiding it), with the kernel's last words on the path.
    const Argv read = {"sh", "-c",
                       "dd if=\"$1\" of=/var/tmp/harness-readback bs=1M count=4 iflag=direct "
                       "status=none || { dmesg | tail -n 8 >&2; exit 1; }; "
                       "sha256sum /var/tmp/harness-readback",
                       "sh", "/dev/" + dev};
    auto r = ini.run(read, d);
    if (r.exit_status != 0) {
      // A path that just came back may answer its first command with a UNIT ATTENTION that
      // dm-multipath would retry; a raw read does not. Say so, and read once more.
      std::cerr << fmt::format("first read of /dev/{} failed: {}\n", dev, r.err);
      r = ini.run(read, d);
    }
    EXPECT_EQ(r.exit_status, 0) << dev << ": " << r.err;
    EXPECT_EQ(first_word(r.out), want) << dev << " (prio " << prio << ")";
    if (first_word(r.out) == want) ++matches_by_prio[std::to_string(prio)];
  }
  EXPECT_EQ(matches_by_prio["50"], 2) << "both paths of the active/optimized group";
  EXPECT_EQ(matches_by_prio["10"], 2) << "both paths of the active/non-optimized group";

  lab.teardown(Deadline::after(*clock, 180));
  EXPECT_TRUE(leftovers(name, {tag}).empty());
}

}  // namespace
}  // namespace harness::lab
