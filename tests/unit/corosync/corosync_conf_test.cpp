// corosync.conf: knet with two links per node, two_node quorum, the token tunable, and one
// setting per line (corosync's parser rejects "logging { to_syslog: yes }").
#include "drivers/corosync/corosync_conf.hpp"

#include <regex>
#include <sstream>

#include <gtest/gtest.h>

#include "harness/core/errors.hpp"
#include "harness/scenario/scenario.hpp"
#include "tests/unit/deploy_fixture.hpp"

namespace harness {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

bool has_line(const std::string& text, const std::string& wanted) {
  for (const auto& l : lines_of(text)) {
    auto b = l.find_first_not_of(' ');
    if (b != std::string::npos && l.substr(b) == wanted) return true;
  }
  return false;
}

// The lines of the node block that names `node`.
std::vector<std::string> node_block(const std::string& text, const std::string& node) {
  auto lines = lines_of(text);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].find("node {") == std::string::npos) continue;
    std::vector<std::string> block;
    for (std::size_t j = i + 1; j < lines.size() && lines[j].find('}') == std::string::npos; ++j)
      block.push_back(lines[j].substr(lines[j].find_first_not_of(' ')));
    for (const auto& l : block)
      if (l == "name: " + node) return block;
  }
  return {};
}

TEST(CorosyncConf, DefaultsFollowTheReferenceSetup) {
  std::string conf = render_corosync_conf(deploy_fixture::lab_topology(), CorosyncOptions{});
  for (const char* l : {"transport: knet", "cluster_name: h-3fa2c1", "token: 3000",
                        "two_node: 1", "wait_for_all: 1", "provider: corosync_votequorum",
                        "to_syslog: yes", "to_stderr: yes", "linknumber: 0", "linknumber: 1"})
    EXPECT_TRUE(has_line(conf, l)) << l << "\n" << conf;
}

TEST(CorosyncConf, EachNodeHasBothRingAddressesAndItsNodeid) {
  std::string conf = render_corosync_conf(deploy_fixture::lab_topology(), CorosyncOptions{});
  auto n1 = node_block(conf, "n1");
  auto n2 = node_block(conf, "n2");
  EXPECT_EQ(n1, (std::vector<std::string>{"name: n1", "nodeid: 1", "ring0_addr: 10.213.1.11",
                                          "ring1_addr: 10.213.2.11"}));
  EXPECT_EQ(n2, (std::vector<std::string>{"name: n2", "nodeid: 2", "ring0_addr: 10.213.1.12",
                                          "ring1_addr: 10.213.2.12"}));
}

TEST(CorosyncConf, TokenTunableOverrides) {
  Tunables t;
  t.corosync.token_ms = 5000;
  std::string conf = render_corosync_conf(deploy_fixture::lab_topology(), t.corosync);
  EXPECT_TRUE(has_line(conf, "token: 5000"));
  EXPECT_FALSE(has_line(conf, "token: 3000"));
  t.corosync.token_ms = 100;
  EXPECT_THROW(render_corosync_conf(deploy_fixture::lab_topology(), t.corosync), ScenarioError);
}

TEST(CorosyncConf, OneSettingOrOneBracePerLine) {
  std::string conf = render_corosync_conf(deploy_fixture::lab_topology(), CorosyncOptions{});
  const std::regex setting(R"(^ *[a-z_0-9]+: [^{}:;]+$)");
  const std::regex open(R"(^ *[a-z]+ \{$)");
  const std::regex close(R"(^ *\}$)");
  int depth = 0;
  for (const auto& l : lines_of(conf)) {
    if (l.empty()) continue;
    bool ok = std::regex_match(l, setting) || std::regex_match(l, open) ||
              std::regex_match(l, close);
    EXPECT_TRUE(ok) << "line: \"" << l << "\"";
    if (std::regex_match(l, open)) ++depth;
    if (std::regex_match(l, close)) --depth;
    EXPECT_GE(depth, 0);
  }
  EXPECT_EQ(depth, 0);
}

}  // namespace
}  // namespace harness
