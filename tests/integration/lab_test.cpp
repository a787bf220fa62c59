// The whole libvirt lab on real VMs, once (CI budget): cached image → three nodes up → SSH to
// each → link cut on n1/san0 breaks the initiator's ping to n1's san0 address and heal restores
// it → destroying n2 is seen as a lifecycle event (ours: harness; someone else's: external) →
// lab down in ≤ 15 s → nothing of the run left (domains, networks, bridges, files).
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <thread>

#include <fmt/format.h>

#include "drivers/libvirt/lab_storage.hpp"
#include "drivers/libvirt/libvirt_lab.hpp"
#include "drivers/remote/process.hpp"
#include "lab_test_support.hpp"

namespace harness::lab {
namespace {

using namespace harness::lab::testing;

// VmRSS of the QEMU process of `domain`, in MiB (0 if unknown).
long qemu_rss_mib(const std::string& domain) {
  std::ifstream pidf("/var/run/libvirt/qemu/" + domain + ".pid");
  long pid = 0;
  if (!(pidf >> pid)) return 0;
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6)) / 1024;
  return 0;
}

bool ping(Remote& from, const std::string& addr, Clock& clock) {
  auto r = from.run({"ping", "-c", "2", "-i", "0.3", "-W", "1", addr}, Deadline::after(clock, 15));
  return r.exit_status == 0;
}

// The last lifecycle events `a` and `b` (node, what) in the history, waiting up to 10 s for both
// (they arrive on libvirt's event-loop thread).
std::pair<std::optional<Event>, std::optional<Event>> two_lifecycle_events(
    const History& history, std::pair<std::string, std::string> a,
    std::pair<std::string, std::string> b) {
  std::optional<Event> ea, eb;
  for (int i = 0; i < 100 && !(ea && eb); ++i) {
    for (const auto& e : history.events()) {
      if (e.kind != EventKind::lifecycle) continue;
      if (e.node == a.first && e.what == a.second) ea = e;
      if (e.node == b.first && e.what == b.second) eb = e;
    }
    if (!(ea && eb)) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return {ea, eb};
}

TEST(LabIntegration, ThreeNodesSshLinkCutLifecycleAndCleanDown) {
  std::string why;
  auto image = test_image(why);
  if (!image) GTEST_SKIP() << why;
  const std::string name = "itest-full";
  force_cleanup(name);  // a previous crashed run of this very test
  CleanupGuard guard{name};
  auto clock = make_system_clock();

  LibvirtLabOptions o;
  o.lab_name = name;
  o.uri = kUri;
  o.image = *image;
  o.progress = [](const std::string& s) { std::cerr << "[lab] " << s << std::endl; };
  LibvirtLab lab(o, *clock);
  History history;
  auto t0 = clock->now_ns();
  lab.provision(Deadline::after(*clock, 400));
  double up_s = ns_to_seconds(clock->now_ns() - t0);
  std::string tag = lab.record().tag;
  RecordProperty("lab_up_s", fmt::format("{:.1f}", up_s));
  std::cerr << fmt::format("lab up: {:.1f} s ({})\n", up_s, lab.record().accel);
  EXPECT_EQ(lab.record().state, "ready");
  ASSERT_EQ(lab.nodes().size(), 3u);

  // Every object carries the run id in its metadata, and names carry the tag.
  auto conn = virt::Connection::open(kUri);
  for (const auto& n : lab.record().nodes) {
    auto d = conn.find_domain(n.domain);
    ASSERT_TRUE(d) << n.domain;
    EXPECT_EQ(parse_owner_tag(conn.domain_xml(d.get()))->run_id, lab.record().run_id);
    EXPECT_NE(n.domain.find(tag), std::string::npos);
    std::cerr << fmt::format("{}: qemu RSS {} MiB\n", n.name, qemu_rss_mib(n.domain));
  }
  // Disks are volumes of the run's pool (recorded in lab.json, tag in its name).
  EXPECT_EQ(lab.record().pool, run_pool_name(tag));
  {
    PoolPtr pool(virStoragePoolLookupByName(conn.get(), lab.record().pool.c_str()));
    ASSERT_TRUE(pool) << lab.record().pool;
    EXPECT_EQ(virStoragePoolRefresh(pool.get(), 0), 0);
    for (const auto& n : lab.record().nodes)
      for (const char* f : {"-root.qcow2", "-hcfg.qcow2"})
        EXPECT_TRUE(VolPtr(virStorageVolLookupByName(pool.get(), (n.name + f).c_str())))
            << n.name << f;
  }

  // SSH to each: the node knows its name (config disk) and host keys were checked strictly.
  for (const auto& n : lab.nodes()) {
    auto r = lab.remote(n.name).check({"cat", "/etc/hostname"}, Deadline::after(*clock, 30));
    EXPECT_EQ(r.out, n.name + "\n");
  }

  // Link cut on n1/san0: the initiator loses n1's san0 address; heal restores it.
  Remote& ini = lab.remote("initiator");
  std::string n1_san0 = lab.record().node("n1")->addresses.at("san0");
  ASSERT_TRUE(ping(ini, n1_san0, *clock)) << "san0 must work before the cut";
  lab.set_link("n1", "san0", false, Deadline::after(*clock, 10));
  std::cerr << fmt::format("link down call: {:.1f} ms\n", lab.last_link_call_ns() / 1e6);
  EXPECT_EQ(lab.link_up("n1", "san0"), false);
  EXPECT_FALSE(ping(ini, n1_san0, *clock)) << "ping must fail while the link is cut";
  // The other fabric is untouched.
  EXPECT_TRUE(ping(ini, lab.record().node("n1")->addresses.at("san1"), *clock));
  lab.set_link("n1", "san0", true, Deadline::after(*clock, 10));
  std::cerr << fmt::format("link up call: {:.1f} ms\n", lab.last_link_call_ns() / 1e6);
  bool healed = false;
  for (int i = 0; i < 5 && !healed; ++i) healed = ping(ini, n1_san0, *clock);
  EXPECT_TRUE(healed) << "ping must pass after heal";

  // Pause: suspended and resumed carry QEMU's own stamps of the vCPUs stopping and starting,
  // inside their calls (the calls return once QEMU has done it).
  lab.watch_lifecycle(history);
  const std::int64_t t_suspend = clock->now_ns();
  lab.suspend("n1", Deadline::after(*clock, 30));
  const std::int64_t t_suspended = clock->now_ns();
  lab.resume("n1", 0, Deadline::after(*clock, 30));
  const std::int64_t t_resumed = clock->now_ns();
  auto [stopped, started] = two_lifecycle_events(history, {"n1", "suspended"}, {"n1", "resumed"});
  ASSERT_TRUE(stopped && started) << "suspend/resume of n1 not seen";
  EXPECT_EQ(stopped->data["stamp"], "qemu");
  EXPECT_EQ(started->data["stamp"], "qemu");
  EXPECT_GE(stopped->t_ns, t_suspend);
  EXPECT_LE(stopped->t_ns, t_suspended);
  EXPECT_GE(started->t_ns, t_suspended);
  EXPECT_LE(started->t_ns, t_resumed);
  EXPECT_GE(stopped->data["arrived_ns"].get<std::int64_t>(), stopped->t_ns);
  std::cerr << fmt::format("suspend call {:.1f} ms, vCPUs stopped {:.1f} ms into it\n",
                           (t_suspended - t_suspend) / 1e6, (stopped->t_ns - t_suspend) / 1e6);

  // Lifecycle: our destroy of n2 is "harness"; a destroy behind our back is "external".
  auto t_destroy = clock->now_ns();
  lab.power_off("n2", Deadline::after(*clock, 30));
  std::cerr << fmt::format("destroy n2: {:.2f} s\n", ns_to_seconds(clock->now_ns() - t_destroy));
  auto r = run_process({"virsh", "-c", kUri, "destroy", lab.record().node("initiator")->domain},
                       Deadline::after(*clock, 30));
  EXPECT_EQ(r.exit_status, 0) << r.err;
  auto [ours, theirs] =
      two_lifecycle_events(history, {"n2", "destroyed"}, {"initiator", "destroyed"});
  ASSERT_TRUE(ours) << "destroy of n2 not seen";
  EXPECT_EQ(ours->data["cause"], "harness");
  EXPECT_GE(ours->t_ns, t_destroy);
  ASSERT_TRUE(theirs) << "external destroy not seen";
  EXPECT_EQ(theirs->data["cause"], "external");
  EXPECT_EQ(lab.domain_state("n2"), "shut off");

  // Down: fast, and nothing of the run left.
  auto t_down = clock->now_ns();
  lab.teardown(Deadline::after(*clock, 60));
  double down_s = ns_to_seconds(clock->now_ns() - t_down);
  RecordProperty("lab_down_s", fmt::format("{:.1f}", down_s));
  std::cerr << fmt::format("lab down: {:.1f} s\n", down_s);
  EXPECT_LE(down_s, 15.0);
  EXPECT_EQ(leftovers(name, {tag}), std::vector<std::string>{});
  EXPECT_FALSE(PoolPtr(virStoragePoolLookupByName(conn.get(), lab.record().pool.c_str())));
  EXPECT_FALSE(std::filesystem::exists(lab.record().pool_dir)) << lab.record().pool_dir;
  EXPECT_TRUE(std::filesystem::exists(image->disk)) << "the base image must stay";
  lab.teardown(Deadline::after(*clock, 60));  // twice is fine
}

TEST(LabIntegration, NameAlreadyTakenIsALabErrorAndLeavesTheOtherLabAlone) {
  std::string why;
  auto image = test_image(why);
  if (!image) GTEST_SKIP() << why;
  const std::string name = "itest-taken";
  force_cleanup(name);
  CleanupGuard guard{name};
  // A record of a "live" lab (this process owns it): nothing is booted, names are planned.
  std::filesystem::create_directories(lab_dir(name));
  LabRecord rec;
  rec.lab = name;
  rec.run_id = name + "-fake";
  rec.tag = run_tag(rec.run_id);
  rec.uri = kUri;
  rec.dir = lab_dir(name).string();
  rec.owner_pid = ::getpid();
  rec.owner_start = process_start_time(rec.owner_pid);
  save_record(rec, rec.dir);
  auto clock = make_system_clock();
  LibvirtLabOptions o;
  o.lab_name = name;
  o.image = *image;
  LibvirtLab lab(o, *clock);
  try {
    lab.provision(Deadline::after(*clock, 60));
    FAIL() << "expected LabError";
  } catch (const LabError& e) {
    EXPECT_NE(std::string(e.what()).find("already taken"), std::string::npos) << e.what();
  }
  auto still = load_record(rec.dir);
  ASSERT_TRUE(still) << "the other lab's record must survive";
  EXPECT_EQ(still->run_id, rec.run_id);
}

TEST(LabIntegration, UriThatDoesNotAnswerIsExit3WithTheUri) {
  pid_t pid = spawn_harness({"--libvirt-uri", "qemu+tcp://192.0.2.1:1/system", "lab", "up", "--lab",
                             "itest-nouri", "--no-deploy", "--image-dir", "/nonexistent"},
                            "/tmp/harness-itest-nouri.log");
  EXPECT_EQ(wait_exit(pid), 2) << "a bad --image-dir is a usage error before anything happens";
  std::string why;
  auto image = test_image(why);
  if (!image) GTEST_SKIP() << why;
  pid = spawn_harness({"--libvirt-uri", "qemu+tcp://127.0.0.1:1/system", "lab", "up", "--lab",
                       "itest-nouri", "--no-deploy", "--image-dir", image->dir.string()},
                      "/tmp/harness-itest-nouri.log");
  EXPECT_EQ(wait_exit(pid), 3);
  std::ifstream log("/tmp/harness-itest-nouri.log");
  std::string text((std::istreambuf_iterator<char>(log)), {});
  EXPECT_NE(text.find("127.0.0.1:1"), std::string::npos) << text;
  EXPECT_FALSE(std::filesystem::exists(lab_dir("itest-nouri")));
}

}  // namespace
}  // namespace harness::lab
