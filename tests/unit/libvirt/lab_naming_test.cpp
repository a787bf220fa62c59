// Names, MACs and subnet blocks of libvirt labs: what keeps two labs on one host apart.
#include <gtest/gtest.h>

#include <set>

#include "drivers/libvirt/lab_naming.hpp"
#include "harness/core/errors.hpp"

namespace harness::lab {
namespace {

TEST(LabNaming, TagIsStableSixHexAndSpreads) {
  EXPECT_EQ(run_tag("default-20240101T000000-abcdef"), run_tag("default-20240101T000000-abcdef"));
  std::set<std::string> tags;
  for (int i = 0; i < 1000; ++i) {
    std::string t = run_tag("lab-" + std::to_string(i));
    EXPECT_TRUE(valid_tag(t)) << t;
    tags.insert(t);
  }
  EXPECT_GT(tags.size(), 990u);  // 24 bits: collisions are rare (and checked at plan time)
}

TEST(LabNaming, RunIdsAreUniqueAndNameTheLab) {
  std::string a = make_run_id("ci"), b = make_run_id("ci");
  EXPECT_NE(a, b);
  EXPECT_EQ(a.rfind("ci-", 0), 0u);
}

TEST(LabNaming, NamesCarryTheTagAndBridgesFitIfnamsiz) {
  const auto& topo = default_topology();
  std::set<std::string> bridges;
  for (const auto& net : topo.networks) {
    std::string br = bridge_name("3fa2c1", net);
    EXPECT_LE(br.size(), 15u) << br;
    EXPECT_NE(br.find("3fa2c1"), std::string::npos);
    bridges.insert(br);
  }
  EXPECT_EQ(bridges.size(), topo.networks.size());
  EXPECT_EQ(domain_name("3fa2c1", "n1"), "h-3fa2c1-n1");
  EXPECT_EQ(network_name("3fa2c1", "san0"), "h-3fa2c1-san0");
  EXPECT_EQ(tag_of_name("h-3fa2c1-initiator"), "3fa2c1");
  EXPECT_FALSE(tag_of_name("h-3fa2cz-n1"));
  EXPECT_FALSE(tag_of_name("default"));
  EXPECT_FALSE(tag_of_name("h-3fa2c1"));
}

TEST(LabNaming, MacsAreUnicastLocalAndUniquePerLabNodeNic) {
  std::set<std::string> macs;
  for (const char* tag : {"3fa2c1", "3fa2c2"})
    for (const auto& node : default_topology().nodes)
      for (const auto& net : default_topology().networks) {
        std::string m = mac_address(tag, node.index, net.index);
        ASSERT_EQ(m.size(), 17u);
        unsigned first = std::stoul(m.substr(0, 2), nullptr, 16);
        EXPECT_EQ(first & 1u, 0u) << "multicast bit set: " << m;
        EXPECT_EQ(first & 2u, 2u) << "not locally administered: " << m;
        EXPECT_TRUE(macs.insert(m).second) << "duplicate " << m;
      }
}

TEST(LabNaming, LabNamesAreValidatedBeforeUse) {
  for (const char* ok : {"default", "ci-2", "a"}) EXPECT_TRUE(valid_lab_name(ok)) << ok;
  for (const char* bad : {"", "../etc", "A", "a b", "-x", "x-", "a/b", "abcdefghijklmnopqrstuvwxyz"})
    EXPECT_FALSE(valid_lab_name(bad)) << bad;
  EXPECT_THROW(check_lab_name("../x"), UsageError);
}

TEST(LabNaming, Ipv4Parsing) {
  EXPECT_EQ(parse_ipv4("10.213.0.1"), (10u << 24) | (213u << 16) | 1u);
  for (const char* bad : {"256.1.1.1", "1.2.3", "1.2.3.4.5", "a.b.c.d", "1..2.3", "01234.1.1.1", ""})
    EXPECT_FALSE(parse_ipv4(bad)) << bad;
  auto c = parse_cidr("192.168.122.1/24");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->prefix, 24);
  EXPECT_FALSE(parse_cidr("10.0.0.1/33"));
  EXPECT_EQ(netmask_to_prefix(0xffffff00u), 24);
  EXPECT_EQ(ipv4_to_string(0x0ad50b0cu), "10.213.11.12");
}

TEST(LabNaming, BlocksAvoidUsedSubnetsAndTakenBlocks) {
  // Nothing used: block 0.
  EXPECT_EQ(allocate_block({}, {}), 0);
  // A host interface inside block 0's /21 (10.213.0.0-10.213.7.255) pushes to block 1.
  EXPECT_EQ(allocate_block({*parse_cidr("10.213.5.7/24")}, {}), 1);
  // Another lab's recorded block is skipped even without host addresses on its networks.
  EXPECT_EQ(allocate_block({}, {0, 1, 3}), 2);
  // A host route-sized network covering everything leaves nothing.
  EXPECT_FALSE(allocate_block({*parse_cidr("10.0.0.0/8")}, {}));
  // Unrelated networks do not matter.
  EXPECT_EQ(allocate_block({*parse_cidr("192.168.122.1/24"), *parse_cidr("10.212.0.1/16")}, {}), 0);
  // The five networks of a block are distinct /24s inside its /21.
  std::set<std::uint32_t> seen;
  for (const auto& net : default_topology().networks) {
    auto s = block_subnet(3, net.index);
    EXPECT_TRUE(block_range(3).overlaps(s));
    EXPECT_FALSE(block_range(2).overlaps(s));
    seen.insert(s.addr);
  }
  EXPECT_EQ(seen.size(), 5u);
}

TEST(LabNaming, AddressesPerNodeAndHost) {
  const auto& t = default_topology();
  EXPECT_EQ(node_address(1, *t.network("san0"), *t.node("n1")), "10.213.11.11");
  EXPECT_EQ(node_address(1, *t.network("mgmt"), *t.node("initiator")), "10.213.8.21");
  EXPECT_EQ(host_address(1, *t.network("mgmt")), "10.213.8.1");
  // The initiator is on the fabrics, not on the rings.
  const auto& nets = t.node("initiator")->networks;
  EXPECT_EQ(std::count(nets.begin(), nets.end(), "ring0"), 0);
  EXPECT_EQ(std::count(nets.begin(), nets.end(), "san1"), 1);
}

}  // namespace
}  // namespace harness::lab
