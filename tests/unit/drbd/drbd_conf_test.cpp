// The DRBD 8.4 resource file: tunables land in net{}, fencing sits in disk{} (8.4 syntax), the
// 8.4 crm handlers, and one `on` section per node with its ring0 address.
#include "drivers/drbd/drbd_conf.hpp"

#include <sstream>

#include <gtest/gtest.h>

#include "harness/core/errors.hpp"
#include "harness/scenario/scenario.hpp"
#include "tests/unit/deploy_fixture.hpp"

namespace harness {
namespace {

// The trimmed lines inside the first section opened by `header` (e.g. "disk {").
std::vector<std::string> section(const std::string& text, const std::string& header) {
  std::istringstream in(text);
  std::vector<std::string> out;
  bool inside = false;
  for (std::string l; std::getline(in, l);) {
    auto b = l.find_first_not_of(' ');
    std::string t = b == std::string::npos ? "" : l.substr(b);
    if (!inside) {
      inside = t == header;
      continue;
    }
    if (t == "}") return out;
    out.push_back(t);
  }
  return {};
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(DrbdConf, DefaultTunablesInTheNetSection) {
  std::string conf = render_drbd_resource(deploy_fixture::lab_topology(), DrbdOptions{}, true);
  auto net = section(conf, "net {");
  for (const char* l : {"protocol C;", "allow-two-primaries yes;", "ping-int 2;",
                        "ping-timeout 5;", "timeout 15;", "ko-count 7;",
                        "after-sb-0pri discard-zero-changes;", "after-sb-1pri discard-secondary;",
                        "after-sb-2pri disconnect;", "verify-alg crc32c;"})
    EXPECT_TRUE(contains(net, l)) << l << "\n" << conf;
  EXPECT_NE(conf.find("resource r0 {"), std::string::npos);
}

TEST(DrbdConf, FencingAndIoErrorPolicyInTheDiskSection) {
  std::string conf = render_drbd_resource(deploy_fixture::lab_topology(), DrbdOptions{}, true);
  auto disk = section(conf, "disk {");
  EXPECT_TRUE(contains(disk, "on-io-error detach;"));
  EXPECT_TRUE(contains(disk, "fencing resource-and-stonith;"));
  // Fixed resync/verify rate (the dynamic controller crawled under TCG).
  EXPECT_TRUE(contains(disk, "c-plan-ahead 0;"));
  EXPECT_TRUE(contains(disk, "resync-rate 100M;"));
  EXPECT_FALSE(contains(section(conf, "net {"), "fencing resource-and-stonith;"));
  auto handlers = section(conf, "handlers {");
  EXPECT_TRUE(contains(handlers, "fence-peer \"/usr/lib/drbd/crm-fence-peer.sh\";"));
  EXPECT_TRUE(contains(handlers, "after-resync-target \"/usr/lib/drbd/crm-unfence-peer.sh\";"));
}

TEST(DrbdConf, OneOnSectionPerNodeOverTheDeviceMapperBackingDevice) {
  std::string conf = render_drbd_resource(deploy_fixture::lab_topology(), DrbdOptions{}, true);
  EXPECT_EQ(section(conf, "on n1 {"),
            (std::vector<std::string>{"device /dev/drbd0 minor 0;",
                                      "disk /dev/mapper/harness-backing;",
                                      "address 10.213.1.11:7789;", "meta-disk internal;"}));
  EXPECT_EQ(section(conf, "on n2 {"),
            (std::vector<std::string>{"device /dev/drbd0 minor 0;",
                                      "disk /dev/mapper/harness-backing;",
                                      "address 10.213.1.12:7789;", "meta-disk internal;"}));
}

TEST(DrbdConf, OverridesReachTheFile) {
  Tunables t;
  t.drbd.protocol = "A";
  t.drbd.ping_int_s = 3;
  t.drbd.ping_timeout_ds = 7;
  t.drbd.timeout_ds = 25;
  t.drbd.ko_count = 4;
  t.pacemaker.stonith_enabled = false;
  std::string conf = render_drbd_resource(deploy_fixture::lab_topology(), t.drbd, t.pacemaker.stonith_enabled);
  auto net = section(conf, "net {");
  for (const char* l : {"protocol A;", "ping-int 3;", "ping-timeout 7;", "timeout 25;",
                        "ko-count 4;"})
    EXPECT_TRUE(contains(net, l)) << l;
  EXPECT_FALSE(contains(net, "protocol C;"));
  // No STONITH: nobody would confirm the peer dead, so resource fencing only.
  EXPECT_TRUE(contains(section(conf, "disk {"), "fencing resource-only;"));
}

TEST(DrbdConf, RejectsTunablesOutsideDrbdRanges) {
  auto topo = deploy_fixture::lab_topology();
  Tunables t;
  t.drbd.protocol = "D";
  EXPECT_THROW(render_drbd_resource(topo, t.drbd, t.pacemaker.stonith_enabled), ScenarioError);
  t = Tunables{};
  t.drbd.ping_int_s = 2.5;
  EXPECT_THROW(render_drbd_resource(topo, t.drbd, t.pacemaker.stonith_enabled), ScenarioError);
  t = Tunables{};
  t.drbd.ko_count = -1;
  EXPECT_THROW(render_drbd_resource(topo, t.drbd, t.pacemaker.stonith_enabled), ScenarioError);
}

TEST(DrbdConf, BracesBalance) {
  std::string conf = render_drbd_resource(deploy_fixture::lab_topology(), DrbdOptions{}, true);
  EXPECT_EQ(std::count(conf.begin(), conf.end(), '{'), std::count(conf.begin(), conf.end(), '}'));
  EXPECT_EQ(drbd_resource_path(deploy_fixture::lab_topology()), "/etc/drbd.d/r0.res");
}

}  // namespace
}  // namespace harness
