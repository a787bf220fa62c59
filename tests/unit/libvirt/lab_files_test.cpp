// lab.json persistence, process identity, config disk contents and ssh argv.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "drivers/libvirt/daemons.hpp"
#include "drivers/libvirt/lab_record.hpp"
#include "drivers/libvirt/lab_ssh.hpp"
#include "drivers/libvirt/node_files.hpp"
#include "drivers/remote/process.hpp"
#include "harness/core/errors.hpp"

namespace harness::lab {
namespace {

namespace fs = std::filesystem;

struct TempDir {
  fs::path path;
  TempDir() {
    char tmpl[] = "/tmp/harness-labunit-XXXXXX";
    path = ::mkdtemp(tmpl);
  }
  ~TempDir() { fs::remove_all(path); }
};

LabRecord sample() {
  LabRecord r;
  r.lab = "default";
  r.run_id = "default-20240101T000000-abc123";
  r.tag = "abc123";
  r.uri = "qemu:///system";
  r.accel = "tcg";
  r.block = 2;
  r.dir = "/var/lib/harness/labs/default";
  r.owner_pid = 99;
  r.owner_start = 1234;
  r.persistent = true;
  r.networks = {"h-abc123-mgmt"};
  r.domains = {"h-abc123-n1"};
  r.nodes = {{"n1", "target", "h-abc123-n1", {{"mgmt", "10.213.16.11"}}, {{"mgmt", "52:ab:c1:23:01:00"}}, "/x/console.log"}};
  r.ssh_key = "/x/id_ed25519";
  r.known_hosts = "/x/known_hosts";
  return r;
}

TEST(LabFiles, RecordRoundTripAndMalformed) {
  TempDir t;
  EXPECT_FALSE(load_record(t.path));
  save_record(sample(), t.path);
  auto r = load_record(t.path);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->run_id, sample().run_id);
  EXPECT_EQ(r->block, 2);
  EXPECT_EQ(r->nodes.at(0).addresses.at("mgmt"), "10.213.16.11");
  EXPECT_EQ(r->nodes.at(0).image, "");  // the lab's image
  EXPECT_TRUE(r->persistent);
  // A reimaged node keeps its image across a re-attach (`harness lab status`, cleanup).
  auto reimaged = sample();
  reimaged.nodes.at(0).image = "trixie";
  save_record(reimaged, t.path);
  EXPECT_EQ(load_record(t.path)->nodes.at(0).image, "trixie");
  save_record(sample(), t.path);
  EXPECT_FALSE(fs::exists(t.path / "lab.json.tmp"));
  std::ofstream(t.path / "lab.json") << "{\"lab\": ";
  try {
    load_record(t.path);
    FAIL();
  } catch (const LabError& e) {
    EXPECT_NE(std::string(e.what()).find("lab.json"), std::string::npos);
  }
}

TEST(LabFiles, StateRootFollowsEnvironment) {
  ::setenv("HARNESS_STATE_DIR", "/tmp/hs-x", 1);
  EXPECT_EQ(lab_dir("ci"), fs::path("/tmp/hs-x/labs/ci"));
  ::unsetenv("HARNESS_STATE_DIR");
  EXPECT_EQ(lab_dir("ci"), fs::path("/var/lib/harness/labs/ci"));
}

TEST(LabFiles, ProcessIdentitySurvivesPidReuse) {
  std::int64_t me = ::getpid();
  std::int64_t start = process_start_time(me);
  EXPECT_GT(start, 0);
  EXPECT_TRUE(process_alive(me, start));
  EXPECT_FALSE(process_alive(me, start + 1)) << "same pid, other process";
  EXPECT_FALSE(process_alive(0, 0));
  EXPECT_FALSE(process_alive(4194304 + 7, 0));
}

TEST(LabFiles, NetworkdUnitMatchesByMacAndKeepsAddressWithoutCarrier) {
  std::string u = networkd_unit({"san0", "52:ab:c1:23:01:03", "10.213.3.11", false});
  EXPECT_NE(u.find("MACAddress=52:ab:c1:23:01:03"), std::string::npos);
  EXPECT_NE(u.find("Address=10.213.3.11/24"), std::string::npos);
  EXPECT_NE(u.find("RequiredForOnline=no"), std::string::npos);
  EXPECT_NE(u.find("IgnoreCarrierLoss=yes"), std::string::npos);
  EXPECT_NE(networkd_unit({"mgmt", "m", "a", true}).find("RequiredForOnline=yes"), std::string::npos);
  // fence_xvm's multicast needs a route on mgmt (no default route in the lab); no other NIC has one.
  EXPECT_EQ(u.find("[Route]"), std::string::npos);
  EXPECT_NE(networkd_unit({"mgmt", "m", "a", true, true}).find("[Route]\nDestination=224.0.0.0/4\n"),
            std::string::npos);
}

TEST(LabFiles, ConfigDiskFollowsTheContract) {
  TempDir t;
  auto tree = config_tree("n1", {{"mgmt", "52:ab:c1:23:01:00", "10.213.0.11", true}}, "ssh-ed25519 AAA run\n",
                          "PRIVATE\n", "ssh-ed25519 BBB n1\n", "127.0.0.1 localhost\n");
  write_tree(t.path / "cfg", tree);
  struct stat st{};
  ASSERT_EQ(::stat((t.path / "cfg/root/root/.ssh").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  ASSERT_EQ(::stat((t.path / "cfg/root/root/.ssh/authorized_keys").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat((t.path / "cfg/root/etc/ssh/ssh_host_ed25519_key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(read_text(t.path / "cfg/hostname"), "n1\n");
  EXPECT_TRUE(fs::exists(t.path / "cfg/root/etc/systemd/network/10-harness-mgmt.network"));
  if (!program_exists("mkfs.ext4") || !program_exists("blkid")) GTEST_SKIP() << "no e2fsprogs";
  auto clock = make_system_clock();
  if (!program_exists("qemu-img")) GTEST_SKIP() << "no qemu-utils";
  make_config_disk(t.path / "cfg", t.path / "hcfg.qcow2", Deadline::after(*clock, 30));
  // qcow2 (the lab's snapshots are internal), holding the labelled ext4 the guest mounts.
  auto info = run_process({"qemu-img", "info", "--output=json", (t.path / "hcfg.qcow2").string()},
                          Deadline::after(*clock, 10));
  EXPECT_NE(info.out.find("\"format\": \"qcow2\""), std::string::npos) << info.out;
  run_process({"qemu-img", "convert", "-f", "qcow2", "-O", "raw", (t.path / "hcfg.qcow2").string(),
               (t.path / "back.raw").string()}, Deadline::after(*clock, 30));
  auto r = run_process({"blkid", "-o", "value", "-s", "LABEL", (t.path / "back.raw").string()},
                       Deadline::after(*clock, 10));
  EXPECT_EQ(r.out, "hcfg\n");
  EXPECT_FALSE(fs::exists(t.path / "hcfg.qcow2.raw"));  // the intermediate raw file is gone
}

TEST(LabFiles, SshArgvIsStrictAndJumpsForRemoteUris) {
  LabRecord r = sample();
  auto a = ssh_argv(r, r.nodes[0]);
  auto has = [&](const std::string& s) { return std::find(a.begin(), a.end(), s) != a.end(); };
  EXPECT_TRUE(has("StrictHostKeyChecking=yes"));
  EXPECT_TRUE(has("UserKnownHostsFile=/x/known_hosts"));
  EXPECT_TRUE(has("BatchMode=yes"));
  EXPECT_EQ(a.back(), "root@10.213.16.11");
  EXPECT_EQ(std::count_if(a.begin(), a.end(), [](auto& s) { return s.rfind("ProxyJump", 0) == 0; }), 0);
  r.uri = "qemu+ssh://ops@lab1.example/system";
  a = ssh_argv(r, r.nodes[0]);
  EXPECT_TRUE(has("ProxyJump=ops@lab1.example"));
  EXPECT_EQ(uri_ssh_host("qemu+ssh://a;rm -rf/system"), "");
  EXPECT_EQ(uri_ssh_host("qemu:///system"), "");
}

TEST(LabFiles, LocalUris) {
  EXPECT_TRUE(uri_is_local("qemu:///system"));
  EXPECT_TRUE(uri_is_local(""));
  EXPECT_TRUE(uri_is_local("qemu+unix:///system"));
  EXPECT_FALSE(uri_is_local("qemu+ssh://host/system"));
  EXPECT_FALSE(uri_is_local("qemu://host/system"));
  EXPECT_FALSE(uri_is_local("test:///default"));
}

}  // namespace
}  // namespace harness::lab
