// DeployTopology from Lab::nodes(): field mapping, and the validation gate every renderer relies
// on to keep hostile or malformed values out of files and argv vectors.
#include "drivers/deploy_plan.hpp"

#include <gtest/gtest.h>

#include "harness/core/errors.hpp"
#include "tests/unit/deploy_fixture.hpp"

namespace harness {
namespace {

using deploy_fixture::lab_inputs;
using deploy_fixture::lab_nodes;
using deploy_fixture::lab_topology;

TEST(DeployTopology, MapsNodesAddressesAndNames) {
  DeployTopology t = lab_topology();
  ASSERT_EQ(t.targets.size(), 2u);
  const TargetNode& n2 = t.target("n2");
  EXPECT_EQ(n2.nodeid, 2);
  EXPECT_EQ(n2.domain, "h-3fa2c1-n2");
  EXPECT_EQ(n2.mgmt, "10.213.0.12");
  EXPECT_EQ(n2.ring0, "10.213.1.12");
  EXPECT_EQ(n2.ring1, "10.213.2.12");
  EXPECT_EQ(n2.san0, "10.213.3.12");
  EXPECT_EQ(n2.san1, "10.213.4.12");
  EXPECT_EQ(n2.iqn, "iqn.2003-01.org.example.harness:n2");
  EXPECT_EQ(n2.alua_group, "tpg_n2");
  EXPECT_EQ(t.target("n1").nodeid, 1);
  EXPECT_EQ(t.peer_of("n1").name, "n2");
  EXPECT_EQ(t.peer_of("n2").name, "n1");
  EXPECT_EQ(t.initiator.name, "initiator");
  EXPECT_EQ(t.initiator.san1, "10.213.4.21");
  EXPECT_EQ(t.initiator.iqn, "iqn.2003-01.org.example.harness:initiator");
  EXPECT_EQ(t.backing_device(), "/dev/mapper/harness-backing");
  EXPECT_THROW(t.target("initiator"), LabError);
}

TEST(DeployTopology, SerialIsStableHexAndDiffersPerCluster) {
  DeployTopology a = lab_topology();
  EXPECT_TRUE(is_hex_serial(a.lun_serial));
  EXPECT_EQ(a.lun_serial.size(), 32u);
  EXPECT_EQ(a.lun_serial, lab_topology().lun_serial);
  DeployInputs other = lab_inputs();
  other.cluster_name = "h-000001";
  EXPECT_NE(make_deploy_topology(lab_nodes(), other).lun_serial, a.lun_serial);
  other.lun_serial = "0123456789abcdef";
  EXPECT_EQ(make_deploy_topology(lab_nodes(), other).lun_serial, "0123456789abcdef");
}

TEST(DeployTopology, MissingAddressNamesNodeAndNetwork) {
  auto nodes = lab_nodes();
  nodes[1].addresses.erase("ring1");
  try {
    make_deploy_topology(nodes, lab_inputs());
    FAIL() << "no exception";
  } catch (const LabError& e) {
    EXPECT_NE(std::string(e.what()).find("n2"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("ring1"), std::string::npos);
  }
}

TEST(DeployTopology, NeedsTwoTargetsOneInitiatorAndAllDomains) {
  auto nodes = lab_nodes();
  auto without_initiator = nodes;
  without_initiator.pop_back();
  EXPECT_THROW(make_deploy_topology(without_initiator, lab_inputs()), LabError);
  auto one_target = nodes;
  one_target.erase(one_target.begin());
  EXPECT_THROW(make_deploy_topology(one_target, lab_inputs()), LabError);
  auto in = lab_inputs();
  in.domains.erase("n2");
  EXPECT_THROW(make_deploy_topology(nodes, in), LabError);
}

TEST(DeployTopology, RejectsValuesThatWouldReachFilesOrCommands) {
  auto bad_address = lab_nodes();
  bad_address[0].addresses["san0"] = "10.0.0.1;reboot";
  EXPECT_THROW(make_deploy_topology(bad_address, lab_inputs()), LabError);

  auto bad_name = lab_nodes();
  bad_name[0].name = "n1 n3";
  auto in = lab_inputs();
  in.domains["n1 n3"] = "d";
  EXPECT_THROW(make_deploy_topology(bad_name, in), LabError);

  in = lab_inputs();
  in.domains["n1"] = "$(reboot)";
  EXPECT_THROW(make_deploy_topology(lab_nodes(), in), LabError);

  in = lab_inputs();
  in.fence_key_path = "/root/key file";
  EXPECT_THROW(make_deploy_topology(lab_nodes(), in), LabError);

  in = lab_inputs();
  in.iqn_prefix = "iqn.2024-01.test";  // LIO: "WWN not valid"
  EXPECT_THROW(make_deploy_topology(lab_nodes(), in), LabError);

  in = lab_inputs();
  in.lun_serial = "not-hex!";
  EXPECT_THROW(make_deploy_topology(lab_nodes(), in), LabError);

  DeployTopology t = lab_topology();
  t.targets[1].alua_group = t.targets[0].alua_group;
  EXPECT_THROW(check_topology(t), LabError);
}

TEST(DeploySyntax, Ipv4) {
  EXPECT_TRUE(is_ipv4("10.213.0.1"));
  EXPECT_TRUE(is_ipv4("255.255.255.0"));
  for (const char* bad : {"", "10.0.0", "10.0.0.256", "01.2.3.4", "1.2.3.4.5", "1.2.3.4 ",
                          "a.b.c.d", "1..2.3", "1.2.3.4;x"})
    EXPECT_FALSE(is_ipv4(bad)) << bad;
}

TEST(DeploySyntax, Iqn) {
  EXPECT_TRUE(is_iqn("iqn.2003-01.org.example:t1"));
  EXPECT_TRUE(is_iqn("iqn.2003-01.org.example.harness:n1"));
  EXPECT_TRUE(is_iqn("iqn.2003-01.org.example"));
  for (const char* bad : {"iqn.2024-01.test:t1", "iqn.2003-1.org.example:t", "eui.0123",
                          "iqn.2003-01.org.example:", "iqn.2003-01.org.example:a b",
                          "iqn.2003-01.org..example:t", "iqn.2003-01.Org.example:t",
                          "iqn.2003-01.org.example:t;x"})
    EXPECT_FALSE(is_iqn(bad)) << bad;
}

TEST(DeploySyntax, XmlIdAndShellMetacharacters) {
  EXPECT_TRUE(is_xml_id("fence-n1"));
  EXPECT_TRUE(is_xml_id("_x.y-z"));
  EXPECT_FALSE(is_xml_id("1abc"));
  EXPECT_FALSE(is_xml_id("a:b"));
  EXPECT_FALSE(is_xml_id(""));
  EXPECT_FALSE(has_shell_metachar("/sys/kernel/config/target/core/iblock_0/drbd0"));
  EXPECT_FALSE(has_shell_metachar("ip_address=10.0.0.1"));
  for (const char* bad : {"a b", "a;b", "$x", "`x`", "a|b", "a>b", "a&b", "'", "\"", "a\nb"})
    EXPECT_TRUE(has_shell_metachar(bad)) << bad;
}

TEST(DeploySyntax, WholeNumberNamesTheTunable) {
  EXPECT_EQ(whole_number(5.0, "iscsi.replacement_timeout_s", 0, 10), 5);
  try {
    whole_number(2.5, "drbd.ping_int_s", 1, 120);
    FAIL() << "no exception";
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("drbd.ping_int_s"), std::string::npos);
  }
  EXPECT_THROW(whole_number(0, "k", 1, 2), ScenarioError);
  EXPECT_THROW(whole_number(3, "k", 1, 2), ScenarioError);
}

}  // namespace
}  // namespace harness
