// kill -9 of `harness lab up` before, while and after its objects exist, then `harness cleanup`:
// nothing of the killed runs is left, and a decoy domain and network that the harness did not
// create (plain names, no tag) are untouched. One single-node lab keeps the VM cost down.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include <fmt/format.h>

#include "drivers/libvirt/lab_naming.hpp"
#include "lab_test_support.hpp"

namespace harness::lab {
namespace {

using namespace harness::lab::testing;

constexpr const char* kDecoyDomain = "decoy-itest-h-000000-n1";
constexpr const char* kDecoyNetwork = "decoy-itest-net";

struct Decoys {
  virt::Connection conn = virt::Connection::open(kUri);
  Decoys() {
    remove();
    // Untagged objects whose names even look like ours.
    conn.define_domain(
        "<domain type='qemu'><name>decoy-itest-h-000000-n1</name><memory unit='MiB'>64</memory>"
        "<os><type arch='x86_64'>hvm</type></os></domain>");
    auto n = conn.define_network(
        "<network><name>decoy-itest-net</name><bridge name='hdecoy0' stp='off'/></network>");
    virNetworkCreate(n.get());
  }
  bool intact() const {
    auto n = conn.find_network(kDecoyNetwork);
    return conn.find_domain(kDecoyDomain) && n && virt::Connection::network_active(n.get());
  }
  void remove() {
    if (auto d = conn.find_domain(kDecoyDomain)) virDomainUndefine(d.get());
    if (auto n = conn.find_network(kDecoyNetwork)) {
      virNetworkDestroy(n.get());
      virNetworkUndefine(n.get());
    }
  }
  ~Decoys() { remove(); }
};

std::string read_log(const std::string& p) {
  std::ifstream in(p);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

TEST(CleanupIntegration, KillNineAtSeveralPointsThenCleanupLeavesNothingButDecoys) {
  std::string why;
  auto image = test_image(why);
  if (!image) GTEST_SKIP() << why;
  const std::string name = "itest-kill";
  force_cleanup(name);
  CleanupGuard guard{name};
  Decoys decoys;
  ASSERT_TRUE(decoys.intact());

  // 1 s: connecting/planning; 5 s: files and networks; 20 s: the domain exists and boots.
  for (int delay_s : {1, 5, 20}) {
    SCOPED_TRACE(fmt::format("kill -9 after {} s", delay_s));
    std::string log = fmt::format("/tmp/harness-itest-kill-{}.log", delay_s);
    pid_t pid = spawn_harness({"lab", "up", "--lab", name, "--nodes", "n1", "--no-deploy",
                               "--image-dir", image->dir.string()},
                              log);
    std::this_thread::sleep_for(std::chrono::seconds(delay_s));
    ::kill(pid, SIGKILL);
    wait_exit(pid);
    std::vector<std::string> tags;
    if (auto rec = load_record(lab_dir(name))) tags.push_back(rec->tag);
    std::cerr << fmt::format("after {} s: {} left before cleanup\n", delay_s,
                             leftovers(name, tags).size());
    if (delay_s == 20) {
      // A lost record too: cleanup must still find the objects by their tag alone.
      std::filesystem::remove_all(lab_dir(name));
    }
    pid_t c = spawn_harness({"cleanup"}, log + ".cleanup");
    EXPECT_EQ(wait_exit(c), 0) << read_log(log + ".cleanup");
    EXPECT_EQ(leftovers(name, tags), std::vector<std::string>{})
        << "lab up log:\n" << read_log(log) << "\ncleanup:\n" << read_log(log + ".cleanup");
    EXPECT_TRUE(decoys.intact()) << "cleanup touched an object the harness did not create";
  }
}

TEST(CleanupIntegration, LiveOwnerAndReadyLabsAreKept) {
  const std::string name = "itest-keep";
  force_cleanup(name);
  CleanupGuard guard{name};
  std::filesystem::create_directories(lab_dir(name));
  LabRecord rec;
  rec.lab = name;
  rec.run_id = name + "-x";
  rec.tag = run_tag(rec.run_id);
  rec.uri = kUri;
  rec.dir = lab_dir(name).string();
  rec.owner_pid = ::getpid();  // alive
  rec.owner_start = process_start_time(rec.owner_pid);
  save_record(rec, rec.dir);
  auto clock = make_system_clock();
  CleanupOptions o;
  o.uri = kUri;
  o.lab = name;
  auto r = cleanup_labs(o, *clock, {});
  EXPECT_TRUE(std::filesystem::exists(lab_dir(name))) << "owner alive: kept";
  ASSERT_EQ(r.kept.size(), 1u);
  // Owner gone but the lab was finished by `lab up`: kept until `lab down`.
  rec.owner_pid = 0x3fffff;
  rec.persistent = true;
  rec.state = "ready";
  save_record(rec, rec.dir);
  cleanup_labs(o, *clock, {});
  EXPECT_TRUE(std::filesystem::exists(lab_dir(name))) << "ready lab: kept";
  // A killed `lab up` (still creating): removed.
  rec.state = "creating";
  save_record(rec, rec.dir);
  o.dry_run = true;
  r = cleanup_labs(o, *clock, {});
  EXPECT_TRUE(std::filesystem::exists(lab_dir(name))) << "dry run removes nothing";
  EXPECT_EQ(r.removed.size(), 1u);
  o.dry_run = false;
  cleanup_labs(o, *clock, {});
  EXPECT_FALSE(std::filesystem::exists(lab_dir(name)));
}

}  // namespace
}  // namespace harness::lab
