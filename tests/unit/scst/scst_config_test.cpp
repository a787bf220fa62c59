// render_scst_conf: both nodes' files from one spec, read back as scstadmin's stanzas, and the
// names it refuses to splice into the file.
#include "drivers/scst/scst_config.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "harness/core/errors.hpp"

namespace harness {
namespace {

ScstConfigSpec spec() {
  ScstConfigSpec s;
  s.nodes = {ScstNode{"iqn.2003-01.org.example.harness:h-3fa2c1.n1", "tg_n1", {}},
             ScstNode{"iqn.2003-01.org.example.harness:h-3fa2c1.n2", "tg_n2", {}}};
  s.t10_dev_id = "h3fa2c1-drbd0";
  s.usn = "3fa2c1d0e5b7";
  return s;
}

// The body of the block that opens with `header` ("TARGET_GROUP tg_n1 {"), without its braces;
// "" when there is none. Nested blocks are kept in the body.
std::string block(const std::string& text, const std::string& header) {
  auto start = text.find(header + " {\n");
  if (start == std::string::npos) return "";
  std::size_t pos = start + header.size() + 3;
  int depth = 1;
  for (std::size_t i = pos; i < text.size(); ++i) {
    if (text[i] == '{') ++depth;
    if (text[i] == '}' && --depth == 0) return text.substr(pos, i - pos);
  }
  return "";
}

bool has_line(const std::string& body, const std::string& line) {
  return body.find("\t" + line + "\n") != std::string::npos;
}

int count(const std::string& text, const std::string& what) {
  int n = 0;
  for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}

TEST(ScstConfig, Node1sFileInFull) {
  // The whole file once, as scstadmin's examples lay it out; the tests below pin each rule.
  EXPECT_EQ(render_scst_conf(spec(), 1),
            "# /etc/scst.conf of target node 1 of 2, rendered by the failover harness "
            "(docs/SCST.md).\n"
            "# Applied with `scstadmin -config /etc/scst.conf`.\n\n"
            "HANDLER vdisk_blockio {\n"
            "\tDEVICE drbd0 {\n"
            "\t\tfilename /dev/drbd0\n"
            "\t\twrite_through 1\n"
            "\t\tnv_cache 0\n"
            "\t\tt10_dev_id h3fa2c1-drbd0\n"
            "\t\tusn 3fa2c1d0e5b7\n"
            "\t}\n"
            "}\n\n"
            "TARGET_DRIVER iscsi {\n"
            "\tenabled 1\n\n"
            "\tTARGET iqn.2003-01.org.example.harness:h-3fa2c1.n1 {\n"
            "\t\trel_tgt_id 1\n"
            "\t\tenabled 1\n\n"
            "\t\tLUN 0 drbd0\n"
            "\t}\n"
            "}\n\n"
            "DEVICE_GROUP dg_drbd0 {\n"
            "\tDEVICE drbd0\n\n"
            "\t# this node's target\n"
            "\tTARGET_GROUP tg_n1 {\n"
            "\t\tgroup_id 1\n"
            "\t\tstate offline\n\n"
            "\t\tTARGET iqn.2003-01.org.example.harness:h-3fa2c1.n1\n"
            "\t}\n\n"
            "\t# the peer's target: SCST knows it only by name and relative target port id\n"
            "\tTARGET_GROUP tg_n2 {\n"
            "\t\tgroup_id 2\n"
            "\t\tstate offline\n\n"
            "\t\tTARGET iqn.2003-01.org.example.harness:h-3fa2c1.n2 {\n"
            "\t\t\trel_tgt_id 2\n"
            "\t\t}\n"
            "\t}\n"
            "}\n");
}

TEST(ScstConfig, BothNodesAgreeOnGroupIdsAndEachTargetsRelativePortId) {
  for (int node : {1, 2}) {
    SCOPED_TRACE(node);
    std::string conf = render_scst_conf(spec(), node);
    std::string dg = block(conf, "DEVICE_GROUP dg_drbd0");
    ASSERT_FALSE(dg.empty());
    EXPECT_TRUE(has_line(dg, "DEVICE drbd0"));
    std::string tg1 = block(dg, "\tTARGET_GROUP tg_n1");
    std::string tg2 = block(dg, "\tTARGET_GROUP tg_n2");
    // Group ids follow the node whose target the group holds, whichever node renders.
    EXPECT_TRUE(has_line(tg1, "group_id 1")) << tg1;
    EXPECT_TRUE(has_line(tg2, "group_id 2")) << tg2;
    EXPECT_NE(tg1.find("TARGET iqn.2003-01.org.example.harness:h-3fa2c1.n1"), std::string::npos);
    EXPECT_NE(tg2.find("TARGET iqn.2003-01.org.example.harness:h-3fa2c1.n2"), std::string::npos);
    EXPECT_EQ(count(dg, "TARGET_GROUP "), 2);
  }
  // Node k's target has rel_tgt_id k: on node k as the target's attribute, on the peer in the
  // remote group; the local target in its group carries none (it is a link to the target).
  std::string n1 = render_scst_conf(spec(), 1);
  std::string n2 = render_scst_conf(spec(), 2);
  EXPECT_TRUE(has_line(block(n1, "\tTARGET iqn.2003-01.org.example.harness:h-3fa2c1.n1"),
                       "rel_tgt_id 1"));
  EXPECT_TRUE(has_line(block(n2, "\tTARGET iqn.2003-01.org.example.harness:h-3fa2c1.n2"),
                       "rel_tgt_id 2"));
  EXPECT_TRUE(has_line(block(n1, "\t\tTARGET iqn.2003-01.org.example.harness:h-3fa2c1.n2"),
                       "rel_tgt_id 2"));
  EXPECT_TRUE(has_line(block(n2, "\t\tTARGET iqn.2003-01.org.example.harness:h-3fa2c1.n1"),
                       "rel_tgt_id 1"));
  EXPECT_EQ(count(n1, "rel_tgt_id 1"), 1);
  EXPECT_EQ(count(n1, "rel_tgt_id 2"), 1);
  EXPECT_EQ(count(n2, "rel_tgt_id 1"), 1);
  EXPECT_EQ(count(n2, "rel_tgt_id 2"), 1);
  EXPECT_NE(scst_rel_tgt_id(1), scst_rel_tgt_id(2));
  EXPECT_NE(scst_group_id(1), scst_group_id(2));
}

TEST(ScstConfig, EachNodeExportsOnlyItsOwnTargetAndListsItsGroupFirst) {
  std::string n2 = render_scst_conf(spec(), 2);
  std::string iscsi = block(n2, "TARGET_DRIVER iscsi");
  EXPECT_TRUE(has_line(iscsi, "enabled 1"));
  EXPECT_EQ(count(iscsi, "\tTARGET "), 1);
  std::string tgt = block(iscsi, "\tTARGET iqn.2003-01.org.example.harness:h-3fa2c1.n2");
  EXPECT_TRUE(has_line(tgt, "LUN 0 drbd0")) << tgt;
  EXPECT_TRUE(has_line(tgt, "enabled 1")) << tgt;
  EXPECT_LT(n2.find("TARGET_GROUP tg_n2"), n2.find("TARGET_GROUP tg_n1"));
  // The peer's target only as a remote group member.
  EXPECT_EQ(count(n2, "TARGET iqn.2003-01.org.example.harness:h-3fa2c1.n1"), 1);
}

TEST(ScstConfig, TheDeviceIsTheSameLuOnBothNodesWrittenThrough) {
  std::string dev1 = block(render_scst_conf(spec(), 1), "\tDEVICE drbd0");
  std::string dev2 = block(render_scst_conf(spec(), 2), "\tDEVICE drbd0");
  ASSERT_FALSE(dev1.empty());
  EXPECT_EQ(dev1, dev2);
  EXPECT_TRUE(has_line(dev1, "filename /dev/drbd0"));
  EXPECT_TRUE(has_line(dev1, "write_through 1"));
  EXPECT_TRUE(has_line(dev1, "nv_cache 0"));
  EXPECT_TRUE(has_line(dev1, "t10_dev_id h3fa2c1-drbd0"));
  EXPECT_TRUE(has_line(dev1, "usn 3fa2c1d0e5b7"));
  EXPECT_FALSE(block(render_scst_conf(spec(), 1), "HANDLER vdisk_blockio").empty());
}

TEST(ScstConfig, BothGroupsStartOfflineForTheAgentToSet) {
  for (int node : {1, 2}) {
    std::string conf = render_scst_conf(spec(), node);
    EXPECT_EQ(count(conf, "\t\tstate offline\n"), 2) << node;
    EXPECT_EQ(count(conf, "state "), 2) << node;
  }
}

TEST(ScstConfig, PortalsRestrictOnlyTheNodesOwnTarget) {
  ScstConfigSpec s = spec();
  s.nodes[0].portals = {"10.213.3.11", "10.213.4.11"};
  s.nodes[1].portals = {"10.213.3.12", "10.213.4.12"};
  std::string n1 = render_scst_conf(s, 1);
  std::string tgt = block(n1, "\tTARGET iqn.2003-01.org.example.harness:h-3fa2c1.n1");
  EXPECT_TRUE(has_line(tgt, "allowed_portal 10.213.3.11")) << tgt;
  EXPECT_TRUE(has_line(tgt, "allowed_portal 10.213.4.11")) << tgt;
  EXPECT_EQ(count(n1, "allowed_portal"), 2) << "the peer's addresses are not this node's";
  EXPECT_EQ(n1.find("10.213.3.12"), std::string::npos);
  // Without portals, nothing restricts the target (the whole-file test above).
  EXPECT_EQ(render_scst_conf(spec(), 1).find("allowed_portal"), std::string::npos);
}

TEST(ScstConfig, AnInitiatorGetsTheLunInItsOwnGroup) {
  ScstConfigSpec s = spec();
  s.initiator_iqn = "iqn.2003-01.org.example.harness:initiator";
  for (int node : {1, 2}) {
    std::string conf = render_scst_conf(s, node);
    std::string tgt = block(block(conf, "TARGET_DRIVER iscsi"),
                            "\tTARGET " + s.nodes[node - 1].iqn);
    std::string group = block(tgt, "\t\tGROUP initiators");
    EXPECT_TRUE(has_line(group, "LUN 0 drbd0")) << tgt;
    EXPECT_TRUE(has_line(group, "INITIATOR iqn.2003-01.org.example.harness:initiator")) << tgt;
    EXPECT_EQ(count(tgt, "LUN 0 drbd0"), 1) << "not also in the default group: " << tgt;
  }
}

TEST(ScstConfig, NamesAndPathsAreTheSpecs) {
  ScstConfigSpec s = spec();
  s.device = "lun_a";
  s.device_path = "/dev/mapper/vg-lv_0";
  s.device_group = "dgA";
  s.t10_dev_id = "lunA-id";
  std::string conf = render_scst_conf(s, 1);
  EXPECT_TRUE(has_line(block(conf, "\tDEVICE lun_a"), "filename /dev/mapper/vg-lv_0"));
  EXPECT_TRUE(has_line(block(conf, "DEVICE_GROUP dgA"), "DEVICE lun_a"));
  EXPECT_NE(conf.find("\t\tLUN 0 lun_a\n"), std::string::npos);
  EXPECT_EQ(conf.find("drbd0"), std::string::npos);
}

TEST(ScstConfig, RejectsNamesThatAreNotSafeToSplice) {
  struct Bad {
    const char* what;
    void (*spoil)(ScstConfigSpec&);
  };
  const std::vector<Bad> bad = {
      {"iqn with a space", [](ScstConfigSpec& s) { s.nodes[0].iqn += " x"; }},
      {"iqn with a brace", [](ScstConfigSpec& s) { s.nodes[1].iqn += "{"; }},
      {"not an iqn", [](ScstConfigSpec& s) { s.nodes[0].iqn = "n1"; }},
      {"same iqn twice", [](ScstConfigSpec& s) { s.nodes[1].iqn = s.nodes[0].iqn; }},
      {"empty group", [](ScstConfigSpec& s) { s.nodes[0].target_group = ""; }},
      {"group with a comment", [](ScstConfigSpec& s) { s.nodes[0].target_group = "tg#1"; }},
      {"group ..", [](ScstConfigSpec& s) { s.nodes[1].target_group = ".."; }},
      {"same group twice", [](ScstConfigSpec& s) { s.nodes[1].target_group = "tg_n1"; }},
      {"group too long", [](ScstConfigSpec& s) { s.nodes[0].target_group = std::string(50, 'g'); }},
      {"device with a newline", [](ScstConfigSpec& s) { s.device = "drbd0\nLUN 1 x"; }},
      {"device group with a slash", [](ScstConfigSpec& s) { s.device_group = "dg/x"; }},
      {"relative path", [](ScstConfigSpec& s) { s.device_path = "dev/drbd0"; }},
      {"path with ..", [](ScstConfigSpec& s) { s.device_path = "/dev/../etc/shadow"; }},
      {"path with a space", [](ScstConfigSpec& s) { s.device_path = "/dev/drbd 0"; }},
      {"path with //", [](ScstConfigSpec& s) { s.device_path = "/dev//drbd0"; }},
      {"empty t10_dev_id", [](ScstConfigSpec& s) { s.t10_dev_id = ""; }},
      {"t10_dev_id of 26", [](ScstConfigSpec& s) { s.t10_dev_id = std::string(26, 'a'); }},
      {"t10_dev_id with a quote", [](ScstConfigSpec& s) { s.t10_dev_id = "a\"b"; }},
      {"empty usn", [](ScstConfigSpec& s) { s.usn = ""; }},
      {"usn of 21", [](ScstConfigSpec& s) { s.usn = std::string(21, '1'); }},
      {"usn with a backslash", [](ScstConfigSpec& s) { s.usn = "a\\b"; }},
      {"portal not an address", [](ScstConfigSpec& s) { s.nodes[0].portals = {"10.0.0.1 x"}; }},
      {"portal pattern", [](ScstConfigSpec& s) { s.nodes[1].portals = {"10.0.0.*"}; }},
      {"initiator not an iqn", [](ScstConfigSpec& s) { s.initiator_iqn = "initiator"; }},
  };
  for (const auto& b : bad) {
    ScstConfigSpec s = spec();
    b.spoil(s);
    EXPECT_THROW(render_scst_conf(s, 1), LabError) << b.what;
    EXPECT_THROW(check_scst_config(s), LabError) << b.what;
  }
  // The limits themselves are accepted.
  ScstConfigSpec s = spec();
  s.t10_dev_id = std::string(25, 'a');
  s.usn = std::string(20, '1');
  s.nodes[0].target_group = std::string(49, 'g');
  EXPECT_NO_THROW(render_scst_conf(s, 2));
}

TEST(ScstConfig, TheErrorNamesTheField) {
  ScstConfigSpec s = spec();
  s.usn = "bad usn";
  try {
    render_scst_conf(s, 1);
    FAIL() << "no error";
  } catch (const LabError& e) {
    EXPECT_NE(std::string(e.what()).find("usn"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("\"bad usn\""), std::string::npos) << e.what();
  }
}

TEST(ScstConfig, OnlyNodes1And2) {
  EXPECT_THROW(render_scst_conf(spec(), 0), LabError);
  EXPECT_THROW(render_scst_conf(spec(), 3), LabError);
  EXPECT_THROW(scst_group_id(3), LabError);
}

}  // namespace
}  // namespace harness
