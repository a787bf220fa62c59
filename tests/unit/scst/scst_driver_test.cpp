// ScstTargetDriver: the argv plans for n1 and n2, each node's own scst.conf with distinct
// relative port ids and the same LU identity within SCST's limits, the agent's parameters per
// node, the state read, and nothing a shell or scstadmin's line splitting could break.
#include "drivers/scst/scst_driver.hpp"

#include <algorithm>

#include <gtest/gtest.h>

#include "drivers/scst/scst_config.hpp"
#include "drivers/scst/scst_spec.hpp"
#include "harness/core/errors.hpp"
#include "tests/unit/deploy_fixture.hpp"

namespace harness {
namespace {

class ScstDriverTest : public ::testing::Test {
 protected:
  DeployTopology topo = deploy_fixture::lab_topology();
  ScstTargetDriver scst;

  std::string conf(const std::string& node) {
    auto f = scst.node_files(topo, node);
    EXPECT_EQ(f.size(), 1u);
    return f.empty() ? "" : f[0].content;
  }
  // The value after `key` on its line in `text` ("t10_dev_id" -> "1a2b..."); "" if absent.
  static std::string value(const std::string& text, const std::string& key, std::size_t from = 0) {
    auto at = text.find("\t" + key + " ", from);
    if (at == std::string::npos) return "";
    at = text.find(' ', at) + 1;
    return text.substr(at, text.find('\n', at) - at);
  }
  static int count(const std::string& text, const std::string& what) {
    int n = 0;
    for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
    return n;
  }
};

TEST_F(ScstDriverTest, SetupIsTheModulesThenOneScstSetupRunPerNode) {
  const std::string dg = "dg_drbd0";
  EXPECT_EQ(scst.setup_commands(topo, "n1").size(), 2u);
  for (const auto& n : topo.targets) {
    auto c = scst.setup_commands(topo, n.name);
    ASSERT_EQ(c.size(), 2u) << n.name;
    EXPECT_EQ(c[0].argv, (Argv{"modprobe", "-a", "scst", "scst_vdisk", "iscsi_scst"}));
    EXPECT_EQ(c[1].argv, (Argv{kScstSetupPath, "--config", "/etc/scst.conf", "--device-group", dg,
                               "--target-group", "tg_" + n.name, "--listen", n.san0, "--listen",
                               n.san1, "--port", "3260"}))
        << n.name;
    for (const auto& cmd : c) EXPECT_FALSE(cmd.may_fail) << cmd.why;
  }
  EXPECT_EQ(scst.setup_commands(topo, "n2")[1].argv[8], "10.213.3.12");
  EXPECT_THROW(scst.setup_commands(topo, "initiator"), LabError);
}

TEST_F(ScstDriverTest, EachNodeGetsItsOwnScstConfWithDistinctRelativePortIds) {
  const std::string n1 = conf("n1"), n2 = conf("n2");
  EXPECT_EQ(scst.node_files(topo, "n1")[0].path, "/etc/scst.conf");
  EXPECT_EQ(n1, render_scst_conf(scst_config_spec(topo), 1));
  EXPECT_EQ(n2, render_scst_conf(scst_config_spec(topo), 2));
  // Node k exports its own target with relative target port id k; the peer's appears only in
  // the remote group, with the peer's id.
  const std::string iqn1 = "iqn.2003-01.org.example.harness:n1";
  const std::string iqn2 = "iqn.2003-01.org.example.harness:n2";
  EXPECT_EQ(value(n1, "rel_tgt_id", n1.find("\tTARGET " + iqn1 + " {")), "1");
  EXPECT_EQ(value(n2, "rel_tgt_id", n2.find("\tTARGET " + iqn2 + " {")), "2");
  EXPECT_EQ(value(n1, "rel_tgt_id", n1.find("TARGET_GROUP tg_n2")), "2");
  EXPECT_EQ(value(n2, "rel_tgt_id", n2.find("TARGET_GROUP tg_n1")), "1");
  EXPECT_NE(n1, n2);
  // The target answers only on the node's own fabrics, and only the initiator sees the LUN.
  EXPECT_EQ(count(n1, "allowed_portal "), 2);
  EXPECT_NE(n1.find("\t\tallowed_portal 10.213.3.11\n\t\tallowed_portal 10.213.4.11\n"),
            std::string::npos);
  EXPECT_NE(n2.find("\t\tallowed_portal 10.213.3.12\n\t\tallowed_portal 10.213.4.12\n"),
            std::string::npos);
  EXPECT_NE(n1.find("INITIATOR iqn.2003-01.org.example.harness:initiator\n"), std::string::npos);
}

// The LU's identity: the same on both nodes (one LU behind four paths), within SCST's limits,
// and derived from the LUN serial alone.
TEST_F(ScstDriverTest, BothNodesCarryTheSameShortIdentityFromTheLunSerial) {
  const std::string n1 = conf("n1"), n2 = conf("n2");
  const std::string t10 = value(n1, "t10_dev_id"), usn = value(n1, "usn");
  EXPECT_EQ(t10, value(n2, "t10_dev_id"));
  EXPECT_EQ(usn, value(n2, "usn"));
  ASSERT_EQ(topo.lun_serial.size(), 32u);
  EXPECT_EQ(t10, topo.lun_serial.substr(0, 24));
  EXPECT_EQ(usn, topo.lun_serial.substr(0, 20));
  EXPECT_LE(t10.size(), 25u);
  EXPECT_LE(usn.size(), 20u);
  EXPECT_GE(usn.size(), 8u);
  // Deterministic, and another cluster gets another identity.
  EXPECT_EQ(scst_t10_dev_id(derive_lun_serial("h-3fa2c1")), t10);
  EXPECT_NE(scst_t10_dev_id(derive_lun_serial("h-3fa2c2")), t10);
  EXPECT_NE(scst_usn(derive_lun_serial("h-3fa2c2")), usn);
  // A given serial shorter than the limits is taken whole.
  EXPECT_EQ(scst_t10_dev_id("0123456789ab"), "0123456789ab");
  EXPECT_EQ(scst_usn("0123456789ab"), "0123456789ab");
}

TEST_F(ScstDriverTest, TeardownReleasesTheDeviceAndMayFailOnAFreshNode) {
  auto c = scst.teardown_commands(topo, "n1");
  ASSERT_EQ(c.size(), 4u);
  for (const auto& t : c) EXPECT_TRUE(t.may_fail) << t.why;
  EXPECT_EQ(c[0].argv, (Argv{"rm", "-f", kScstReadyPath}));
  EXPECT_EQ(c[1].argv, (Argv{"scstadmin", "-noprompt", "-disable_target",
                             "iqn.2003-01.org.example.harness:n1", "-driver", "iscsi"}));
  EXPECT_EQ(c[2].argv, (Argv{"scstadmin", "-noprompt", "-force", "-clear_config"}));
  EXPECT_EQ(c[3].argv.front(), "start-stop-daemon");
  EXPECT_NE(std::find(c[3].argv.begin(), c[3].argv.end(), "iscsi-scstd"), c[3].argv.end());
  EXPECT_NE(std::find(c[3].argv.begin(), c[3].argv.end(), "--oknodo"), c[3].argv.end())
      << "a daemon already gone is not a failure of the take-out";
}

TEST_F(ScstDriverTest, SetAluaStateWritesScstsNameForTheNodesGroup) {
  auto c = scst.set_alua_state(topo, "n2", AluaState::active_optimized);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].argv, (Argv{kScstSetStatePath, "dg_drbd0", "tg_n2", "active"}));
  EXPECT_EQ(scst.set_alua_state(topo, "n1", AluaState::active_nonoptimized)[0].argv.back(),
            "nonoptimized");
  EXPECT_EQ(scst.set_alua_state(topo, "n1", AluaState::offline)[0].argv.back(), "offline");
  EXPECT_THROW(scst.set_alua_state(topo, "initiator", AluaState::standby), LabError);
}

TEST_F(ScstDriverTest, AluaStateIsReadFromTheNodesTargetGroupInSysfs) {
  EXPECT_EQ(scst.alua_state_argv(topo, "n1"),
            (Argv{"cat", "/sys/kernel/scst_tgt/device_groups/dg_drbd0/target_groups/tg_n1/state"}));
  EXPECT_EQ(scst.parse_alua_state("active\n[key]\n"), AluaState::active_optimized);
  EXPECT_EQ(scst.parse_alua_state("nonoptimized\n"), AluaState::active_nonoptimized);
  EXPECT_EQ(scst.parse_alua_state("offline\n[key]\n"), AluaState::offline);
  EXPECT_EQ(scst.parse_alua_state("0\n"), std::nullopt) << "LIO's numbers are not SCST's names";
  EXPECT_EQ(scst.parse_alua_state(""), std::nullopt);
  EXPECT_EQ(scst.stopped_state(), AluaState::offline) << "what the agent's stop writes";
  EXPECT_EQ(scst.scsi_vendor(), "SCST_BIO");
}

TEST_F(ScstDriverTest, ClusterAgentIsTheScstAgentWithEachNodesGroups) {
  auto a = scst.cluster_agent(topo);
  EXPECT_EQ(a.ocf_provider, "harness");
  EXPECT_EQ(a.ocf_type, "scst-alua");
  ASSERT_EQ(a.params_by_node.size(), 2u);
  using P = std::map<std::string, std::string>;
  EXPECT_EQ(a.params_by_node.at("n1"),
            (P{{"device_group", "dg_drbd0"}, {"local_tgt_grp", "tg_n1"},
               {"remote_tgt_grp", "tg_n2"}, {"m_alua_state", "active"},
               {"s_alua_state", "nonoptimized"}}));
  EXPECT_EQ(a.params_by_node.at("n2").at("local_tgt_grp"), "tg_n2");
  EXPECT_EQ(a.params_by_node.at("n2").at("remote_tgt_grp"), "tg_n1");
}

TEST_F(ScstDriverTest, ShippedFilesAreTheHelpersAndTheAgentTheCibNames) {
  auto files = scst.files(topo);
  ASSERT_EQ(files.size(), 3u);
  EXPECT_EQ(files[0].path, kScstSetupPath);
  EXPECT_EQ(files[1].path, kScstSetStatePath);
  EXPECT_EQ(files[2].path, "/usr/lib/ocf/resource.d/harness/scst-alua");
  auto a = scst.cluster_agent(topo);
  EXPECT_EQ(files[2].path,
            "/usr/lib/ocf/resource.d/" + a.ocf_provider + "/" + a.ocf_type);
  for (const auto& f : files) {
    EXPECT_EQ(f.mode, 0755) << f.path;
    EXPECT_EQ(f.content.rfind("#!/bin/sh\n", 0), 0u) << f.path;
  }
  EXPECT_NE(files[2].content.find("harness-scst-ready"), std::string::npos)
      << "the agent waits for the mark scst-setup writes";
  EXPECT_NE(files[0].content.find("harness-scst-ready"), std::string::npos);
}

TEST_F(ScstDriverTest, NoArgvElementASplitterCouldBreak) {
  for (const char* node : {"n1", "n2"}) {
    std::vector<PlannedCommand> all = scst.setup_commands(topo, node);
    for (auto& c : scst.teardown_commands(topo, node)) all.push_back(c);
    for (auto& c : scst.set_alua_state(topo, node, AluaState::standby)) all.push_back(c);
    all.push_back({scst.alua_state_argv(topo, node), "state", false});
    for (auto& [file, argv] : scst.log_commands(topo)) all.push_back({argv, file, false});
    for (const auto& c : all)
      for (const auto& a : c.argv) EXPECT_FALSE(has_shell_metachar(a)) << node << ": " << a;
  }
}

TEST_F(ScstDriverTest, FactoryBuildsItAndRefusesLiosTransitionDelay) {
  auto d = make_target_driver(TargetOptions{"scst"});
  EXPECT_EQ(d->name(), "scst");
  EXPECT_EQ(d->cluster_agent(topo).ocf_type, "scst-alua");
  try {
    make_target_driver(TargetOptions{"scst", 3000});
    FAIL() << "no exception";
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("/lab/alua_transition_delay_ms"), std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace harness
