// The CIB configuration parses, fences each node from the other only, puts the fence delay on
// the device that fences fence.delay_node, and wires DRBD and ALUA clones as Pacemaker 2.1
// promotable clones with the right constraints.
#include "drivers/pacemaker/cib_xml.hpp"

#include <set>

#include <gtest/gtest.h>
#include <pugixml.hpp>

#include "drivers/lio/lio_driver.hpp"
#include "drivers/scst/scst_driver.hpp"
#include "harness/core/errors.hpp"
#include "harness/scenario/scenario.hpp"
#include "tests/unit/deploy_fixture.hpp"

namespace harness {
namespace {

class CibXmlTest : public ::testing::Test {
 protected:
  DeployTopology topo = deploy_fixture::lab_topology();
  ClusterAgent agent = LioTargetDriver().cluster_agent(topo);

  pugi::xml_document render(const Tunables& t) {
    pugi::xml_document doc;
    std::string xml = render_cib_configuration(topo, t.pacemaker, t.fence, agent);
    auto r = doc.load_string(xml.c_str());
    EXPECT_TRUE(r) << r.description() << "\n" << xml;
    return doc;
  }
  static std::string nv(const pugi::xml_document& doc, const std::string& set_xpath,
                        const std::string& name) {
    auto n = doc.select_node((set_xpath + "/nvpair[@name='" + name + "']").c_str());
    return n ? n.node().attribute("value").value() : "<absent>";
  }
  static std::string fence_param(const pugi::xml_document& doc, const std::string& device,
                                 const std::string& name) {
    return nv(doc, "/configuration/resources/primitive[@id='" + device + "']/instance_attributes",
              name);
  }
};

TEST_F(CibXmlTest, ClusterOptionsAndDefaultsFromTunables) {
  auto doc = render(Tunables{});
  const std::string props = "/configuration/crm_config/cluster_property_set";
  EXPECT_EQ(nv(doc, props, "stonith-enabled"), "true");
  EXPECT_EQ(nv(doc, props, "no-quorum-policy"), "stop");
  EXPECT_EQ(nv(doc, props, "stonith-action"), "off");
  EXPECT_EQ(nv(doc, props, "dc-deadtime"), "5s");
  EXPECT_EQ(nv(doc, props, "load-threshold"), "400%");
  const std::string defaults = "/configuration/rsc_defaults/meta_attributes";
  EXPECT_EQ(nv(doc, defaults, "resource-stickiness"), "100");
  EXPECT_EQ(nv(doc, defaults, "migration-threshold"), "1");

  Tunables t;
  t.pacemaker.stonith_enabled = false;
  t.pacemaker.resource_stickiness = 200;
  t.pacemaker.migration_threshold = 3;
  t.pacemaker.dc_deadtime_s = 30;
  t.pacemaker.load_threshold_pct = 80;
  auto over = render(t);
  EXPECT_EQ(nv(over, props, "dc-deadtime"), "30s");
  EXPECT_EQ(nv(over, props, "load-threshold"), "80%");
  EXPECT_EQ(nv(over, props, "stonith-enabled"), "false");
  EXPECT_EQ(nv(over, defaults, "resource-stickiness"), "200");
  EXPECT_EQ(nv(over, defaults, "migration-threshold"), "3");

  t.pacemaker.resource_stickiness = 0.5;
  EXPECT_THROW(render_cib_configuration(topo, t.pacemaker, t.fence, agent), ScenarioError);
}

TEST_F(CibXmlTest, NodesUseCorosyncNodeids) {
  auto doc = render(Tunables{});
  EXPECT_STREQ(doc.select_node("/configuration/nodes/node[@uname='n1']").node()
                   .attribute("id").value(), "1");
  EXPECT_STREQ(doc.select_node("/configuration/nodes/node[@uname='n2']").node()
                   .attribute("id").value(), "2");
}

TEST_F(CibXmlTest, OneFenceVirshDevicePerNodeNeverOnTheNodeItFences) {
  auto doc = render(Tunables{});
  for (const auto& n : topo.targets) {
    std::string id = "fence-" + n.name;
    auto prim = doc.select_node(("/configuration/resources/primitive[@id='" + id + "']").c_str());
    ASSERT_TRUE(prim) << id;
    EXPECT_STREQ(prim.node().attribute("class").value(), "stonith");
    EXPECT_STREQ(prim.node().attribute("type").value(), "fence_virsh");
    EXPECT_EQ(fence_param(doc, id, "plug"), n.domain);
    EXPECT_EQ(fence_param(doc, id, "pcmk_host_list"), n.name);
    EXPECT_EQ(fence_param(doc, id, "ip"), "10.213.0.1");
    EXPECT_EQ(fence_param(doc, id, "username"), "root");
    EXPECT_EQ(fence_param(doc, id, "identity_file"), "/etc/harness/fence_key");
    EXPECT_EQ(fence_param(doc, id, "ipport"), "<absent>");  // 22: fence_virsh's default
    EXPECT_EQ(fence_param(doc, id, "ssh_options"), "<absent>");  // would drop its `-t` default
    auto locs = doc.select_nodes(
        ("/configuration/constraints/rsc_location[@rsc='" + id + "']").c_str());
    ASSERT_EQ(locs.size(), 1u);
    EXPECT_STREQ(locs.first().node().attribute("node").value(), n.name.c_str());
    EXPECT_STREQ(locs.first().node().attribute("score").value(), "-INFINITY");
  }
}

TEST_F(CibXmlTest, FenceVirshTakesTheFencingSshdsPortWhenItIsNot22) {
  topo.fence_port = 2222;
  auto doc = render(Tunables{});
  EXPECT_EQ(fence_param(doc, "fence-n1", "ipport"), "2222");
  EXPECT_EQ(fence_param(doc, "fence-n2", "ipport"), "2222");
  Tunables xvm;
  xvm.fence.agent = "fence_xvm";
  EXPECT_EQ(fence_param(render(xvm), "fence-n2", "ipport"), "1229")
      << "fence_xvm's port is fence_virtd's, not the sshd's";
  topo.fence_port = 0;
  EXPECT_THROW(render_cib_configuration(topo, PacemakerOptions{}, FenceOptions{}, agent), LabError);
}

TEST_F(CibXmlTest, DelayIsOnTheDeviceThatFencesTheProtectedNode) {
  auto doc = render(Tunables{});  // fence.delay_node n1, 5 s
  EXPECT_EQ(fence_param(doc, "fence-n1", "pcmk_delay_base"), "5s");
  EXPECT_EQ(fence_param(doc, "fence-n2", "pcmk_delay_base"), "<absent>");

  Tunables t;
  t.fence.delay_node = "n2";
  t.fence.delay_s = 2.5;
  auto other = render(t);
  EXPECT_EQ(fence_param(other, "fence-n2", "pcmk_delay_base"), "2500ms");
  EXPECT_EQ(fence_param(other, "fence-n1", "pcmk_delay_base"), "<absent>");

  t.fence.delay_s = 0;
  auto none = render(t);
  EXPECT_EQ(fence_param(none, "fence-n1", "pcmk_delay_base"), "<absent>");
  EXPECT_EQ(fence_param(none, "fence-n2", "pcmk_delay_base"), "<absent>");

  t.fence.delay_node = "initiator";
  EXPECT_THROW(render_cib_configuration(topo, t.pacemaker, t.fence, agent), ScenarioError);
}

TEST_F(CibXmlTest, FenceXvmMulticastsToTheRunsGroupWithItsOwnKey) {
  topo.fence_xvm_group = "239.255.213.3";
  topo.fence_xvm_port = 1233;
  Tunables t;
  t.fence.agent = "fence_xvm";
  auto doc = render(t);
  auto prim = doc.select_node("/configuration/resources/primitive[@id='fence-n2']");
  EXPECT_STREQ(prim.node().attribute("class").value(), "stonith");
  EXPECT_STREQ(prim.node().attribute("type").value(), "fence_xvm");
  // The domain as `port`: the fencer would add port=n2 beside a `plug`, and fence_xvm refuses
  // both at once.
  EXPECT_EQ(fence_param(doc, "fence-n2", "port"), "h-3fa2c1-n2");
  EXPECT_EQ(fence_param(doc, "fence-n2", "plug"), "<absent>");
  EXPECT_EQ(fence_param(doc, "fence-n2", "key_file"), "/etc/harness/fence_xvm.key");
  EXPECT_EQ(fence_param(doc, "fence-n2", "multicast_address"), "239.255.213.3");
  EXPECT_EQ(fence_param(doc, "fence-n2", "ipport"), "1233");
  EXPECT_EQ(fence_param(doc, "fence-n2", "ip"), "<absent>");
  EXPECT_EQ(fence_param(doc, "fence-n1", "port"), "h-3fa2c1-n1");
}

TEST_F(CibXmlTest, ExternalLibvirtIsAnLhaDeviceOverQemuSshToTheFenceSshd) {
  Tunables t;
  t.fence.agent = "external/libvirt";
  auto doc = render(t);
  auto prim = doc.select_node("/configuration/resources/primitive[@id='fence-n1']");
  EXPECT_STREQ(prim.node().attribute("class").value(), "stonith");
  EXPECT_STREQ(prim.node().attribute("type").value(), "external/libvirt");
  EXPECT_EQ(fence_param(doc, "fence-n1", "hostlist"), "n1:h-3fa2c1-n1");
  EXPECT_EQ(fence_param(doc, "fence-n1", "hypervisor_uri"),
            "qemu+ssh://root@10.213.0.1/system?keyfile=/etc/harness/fence_key&no_tty=1");
  topo.fence_port = 2222;  // the fence sshd moved off 22
  EXPECT_EQ(fence_param(render(t), "fence-n2", "hypervisor_uri"),
            "qemu+ssh://root@10.213.0.1:2222/system?keyfile=/etc/harness/fence_key&no_tty=1");
}

TEST_F(CibXmlTest, FenceIpmilanReachesEachNodesBmcAndNamesOnlyItsPasswordFile) {
  topo.targets[0].bmc_port = 16241;
  topo.targets[1].bmc_port = 16242;
  Tunables t;
  t.fence.agent = "fence_ipmilan";
  auto doc = render(t);
  auto prim = doc.select_node("/configuration/resources/primitive[@id='fence-n1']");
  EXPECT_STREQ(prim.node().attribute("type").value(), "fence_ipmilan");
  EXPECT_EQ(fence_param(doc, "fence-n1", "ip"), "10.213.0.1");
  EXPECT_EQ(fence_param(doc, "fence-n1", "ipport"), "16241");
  EXPECT_EQ(fence_param(doc, "fence-n2", "ipport"), "16242");
  EXPECT_EQ(fence_param(doc, "fence-n1", "username"), "harness");
  EXPECT_EQ(fence_param(doc, "fence-n1", "password_script"), "cat /etc/harness/bmc-n1.password");
  EXPECT_EQ(fence_param(doc, "fence-n2", "password_script"), "cat /etc/harness/bmc-n2.password");
  EXPECT_EQ(fence_param(doc, "fence-n1", "password"), "<absent>");
  EXPECT_EQ(fence_param(doc, "fence-n1", "lanplus"), "1");
  topo.targets[1].bmc_port = 0;  // the lab started no BMC for n2
  EXPECT_THROW(render_cib_configuration(topo, t.pacemaker, t.fence, agent), LabError);
}

// Same delay semantics whatever the agent: only the device that fences delay_node waits, and
// every device is pinned to its node by the static host list.
TEST_F(CibXmlTest, EveryAgentDelaysTheDeviceThatFencesTheProtectedNode) {
  topo.targets[0].bmc_port = 16241;
  topo.targets[1].bmc_port = 16242;
  for (const char* a : {"fence_virsh", "fence_xvm", "external/libvirt", "fence_ipmilan"}) {
    Tunables t;
    t.fence.agent = a;
    t.fence.delay_node = "n2";
    t.fence.delay_s = 3;
    auto doc = render(t);
    EXPECT_EQ(fence_param(doc, "fence-n2", "pcmk_delay_base"), "3s") << a;
    EXPECT_EQ(fence_param(doc, "fence-n1", "pcmk_delay_base"), "<absent>") << a;
    EXPECT_EQ(fence_param(doc, "fence-n1", "pcmk_host_list"), "n1") << a;
    EXPECT_EQ(fence_param(doc, "fence-n2", "pcmk_host_check"), "static-list") << a;
    auto type = doc.select_node("/configuration/resources/primitive[@id='fence-n1']");
    EXPECT_STREQ(type.node().attribute("type").value(), a);
  }
  Tunables bad;
  bad.fence.agent = "fence_ilo";
  EXPECT_THROW(render_cib_configuration(topo, bad.pacemaker, bad.fence, agent), ScenarioError);
}

TEST_F(CibXmlTest, DrbdIsADualPrimaryPromotableClone) {
  auto doc = render(Tunables{});
  const std::string meta = "/configuration/resources/clone[@id='drbd-r0-clone']/meta_attributes";
  EXPECT_EQ(nv(doc, meta, "promotable"), "true");
  EXPECT_EQ(nv(doc, meta, "promoted-max"), "2");
  EXPECT_EQ(nv(doc, meta, "promoted-node-max"), "1");
  EXPECT_EQ(nv(doc, meta, "clone-max"), "2");
  EXPECT_EQ(nv(doc, meta, "notify"), "true");
  auto prim = doc.select_node("/configuration/resources/clone[@id='drbd-r0-clone']/primitive");
  EXPECT_STREQ(prim.node().attribute("class").value(), "ocf");
  EXPECT_STREQ(prim.node().attribute("provider").value(), "linbit");
  EXPECT_STREQ(prim.node().attribute("type").value(), "drbd");
  EXPECT_EQ(nv(doc, "/configuration/resources/clone/primitive[@id='drbd-r0']/instance_attributes",
               "drbd_resource"),
            "r0");
  // Distinct monitor intervals per role, or Pacemaker rejects the operations.
  auto mons = doc.select_nodes(
      "/configuration/resources/clone/primitive[@id='drbd-r0']/operations/op[@name='monitor']");
  ASSERT_EQ(mons.size(), 2u);
  EXPECT_STRNE(mons[0].node().attribute("interval").value(),
               mons[1].node().attribute("interval").value());
  // Monitors of every resource get 60 s or more: on a starved TCG host shorter ones timed out
  // and migration-threshold=1 then banned DRBD from the survivor.
  for (auto m : doc.select_nodes("//op[@name='monitor']")) {
    std::string t = m.node().attribute("timeout").value();
    EXPECT_GE(std::stoi(t), 60) << m.node().attribute("id").value() << " timeout " << t;
  }
}

TEST_F(CibXmlTest, AluaCloneHasOnePromotedInstanceAndPerNodeParameters) {
  auto doc = render(Tunables{});
  const std::string clone = "/configuration/resources/clone[@id='alua-clone']";
  EXPECT_EQ(nv(doc, clone + "/meta_attributes", "promoted-max"), "1");
  EXPECT_EQ(nv(doc, clone + "/meta_attributes", "promotable"), "true");
  auto prim = doc.select_node((clone + "/primitive").c_str()).node();
  EXPECT_STREQ(prim.attribute("provider").value(), "harness");
  EXPECT_STREQ(prim.attribute("type").value(), "alua");
  for (const auto& n : topo.targets) {
    auto set = doc.select_node((clone + "/primitive/instance_attributes[rule/expression["
                                        "@attribute='#uname' and @value='" + n.name + "']]")
                                   .c_str());
    ASSERT_TRUE(set) << n.name;
    EXPECT_STREQ(set.node().select_node("nvpair[@name='tg_pt_gp']").node()
                     .attribute("value").value(), n.alua_group.c_str());
    EXPECT_STREQ(set.node().select_node("nvpair[@name='device']").node()
                     .attribute("value").value(), "iblock_0/drbd0");
  }
}

// With target_driver "scst" the same clone runs SCST's agent, each node's set naming its own
// target group as local and the peer's as remote; notify=true, which that agent needs to
// report the peer's group.
TEST_F(CibXmlTest, ScstAgentInTheAluaCloneWithEachNodesGroups) {
  agent = ScstTargetDriver().cluster_agent(topo);
  auto doc = render(Tunables{});
  const std::string clone = "/configuration/resources/clone[@id='alua-clone']";
  EXPECT_EQ(nv(doc, clone + "/meta_attributes", "promoted-max"), "1");
  EXPECT_EQ(nv(doc, clone + "/meta_attributes", "notify"), "true");
  auto prim = doc.select_node((clone + "/primitive").c_str()).node();
  EXPECT_STREQ(prim.attribute("provider").value(), "harness");
  EXPECT_STREQ(prim.attribute("type").value(), "scst-alua");
  EXPECT_FALSE(doc.select_node("//nvpair[@name='tg_pt_gp']")) << "no LIO parameter left";
  for (const auto& n : topo.targets) {
    const std::string set = clone + "/primitive/instance_attributes[rule/expression["
                                    "@attribute='#uname' and @value='" + n.name + "']]";
    ASSERT_TRUE(doc.select_node(set.c_str())) << n.name;
    EXPECT_EQ(nv(doc, set, "device_group"), "dg_drbd0");
    EXPECT_EQ(nv(doc, set, "local_tgt_grp"), "tg_" + n.name);
    EXPECT_EQ(nv(doc, set, "remote_tgt_grp"), "tg_" + topo.peer_of(n.name).name);
    EXPECT_EQ(nv(doc, set, "m_alua_state"), "active");
    EXPECT_EQ(nv(doc, set, "s_alua_state"), "nonoptimized");
  }
}

TEST_F(CibXmlTest, AluaRunsOnlyWherePromotedDrbdIsAndAfterIt) {
  auto doc = render(Tunables{});
  auto col = doc.select_node(
      "/configuration/constraints/rsc_colocation[@rsc='alua-clone' and "
      "@with-rsc='drbd-r0-clone']").node();
  ASSERT_TRUE(col);
  EXPECT_STREQ(col.attribute("with-rsc-role").value(), "Promoted");
  EXPECT_STREQ(col.attribute("score").value(), "INFINITY");
  auto ord = doc.select_node(
      "/configuration/constraints/rsc_order[@first='drbd-r0-clone' and @then='alua-clone']")
                 .node();
  ASSERT_TRUE(ord);
  EXPECT_STREQ(ord.attribute("first-action").value(), "promote");
  EXPECT_STREQ(ord.attribute("then-action").value(), "start");
}

TEST_F(CibXmlTest, IdsAreValidAndUnique) {
  auto doc = render(Tunables{});
  std::set<std::string> seen;
  for (auto x : doc.select_nodes("//*[@id]")) {
    std::string id = x.node().attribute("id").value();
    EXPECT_TRUE(seen.insert(id).second) << "duplicate " << id;
    if (std::string(x.node().name()) != "node") {
      EXPECT_TRUE(is_xml_id(id)) << id;
    }
  }
  EXPECT_GT(seen.size(), 40u);
}

TEST_F(CibXmlTest, LoadedWithOneReplaceOfTheConfigurationSection) {
  EXPECT_EQ(cib_replace_argv(), (Argv{"cibadmin", "--replace", "--scope", "configuration",
                                      "--xml-file", "/etc/harness/cib-configuration.xml"}));
}

}  // namespace
}  // namespace harness

namespace harness {
namespace {

// After a revert the live pacemaker tunables reach the running CIB as two modifies whose XML is
// the deployed sets (same ids, so cibadmin updates the nvpairs in place), with the new values.
TEST_F(CibXmlTest, LiveUpdatesAreTheDeployedSetsWithTheirIdsAndTheNewValues) {
  Tunables t;
  t.pacemaker.resource_stickiness = 0;
  t.pacemaker.load_threshold_pct = 150;
  const auto argvs = cib_live_update_argvs(
      render_cib_configuration(topo, t.pacemaker, t.fence, agent));
  ASSERT_EQ(argvs.size(), 2u);
  for (const auto& a : argvs) {
    ASSERT_EQ(a.size(), 6u);
    EXPECT_EQ(a[0], "cibadmin");
    EXPECT_EQ(a[1], "--modify");
    EXPECT_EQ(a[4], "--xml-text");
  }
  EXPECT_EQ(argvs[0][3], "crm_config");
  EXPECT_EQ(argvs[1][3], "rsc_defaults");
  pugi::xml_document props, defaults;
  ASSERT_TRUE(props.load_string(argvs[0][5].c_str())) << argvs[0][5];
  ASSERT_TRUE(defaults.load_string(argvs[1][5].c_str())) << argvs[1][5];
  auto deployed = render(Tunables{});
  EXPECT_EQ(std::string(props.first_child().attribute("id").value()),
            deployed.select_node("/configuration/crm_config/cluster_property_set")
                .node().attribute("id").value());
  EXPECT_EQ(nv(props, "/cluster_property_set", "load-threshold"), "150%");
  EXPECT_EQ(nv(defaults, "/meta_attributes", "resource-stickiness"), "0");
  EXPECT_EQ(std::string(defaults.select_node("/meta_attributes/nvpair[@name='resource-stickiness']")
                            .node().attribute("id").value()),
            deployed.select_node("/configuration/rsc_defaults/meta_attributes/nvpair[@name='resource-stickiness']")
                .node().attribute("id").value());
}

}  // namespace
}  // namespace harness
