// fence_virtd's configuration: the multicast listener on the run's bridge, group, port and key;
// the libvirt backend; a static map of the run's targets only. fence_virtd's own parser (its
// -c mode, which prints what it read) accepts the file where fence_virtd is installed.
#include "drivers/fence/fence_virtd_conf.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "drivers/remote/process.hpp"
#include "harness/core/clock.hpp"
#include "harness/core/errors.hpp"
#include "tests/unit/temp_dir.hpp"

namespace harness {
namespace {

FenceVirtdParams params() {
  FenceVirtdParams p;
  p.lab = "fx";
  p.run_id = "fx-20261207T150000-abc123";
  p.interface = "hbabc123m";
  p.group = fence_xvm_group_of_block(3);
  p.port = fence_xvm_port_of_block(3);
  p.key_file = "/var/lib/harness/labs/fx/fence/fence_xvm.key";
  p.uri = "qemu:///system";
  p.allowed_ips = {"10.213.24.11", "10.213.24.12"};
  p.domains = {"h-abc123-n1", "h-abc123-n2"};
  return p;
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(FenceVirtdConf, ListensOnTheRunsBridgeGroupAndPortWithItsKey) {
  const std::string c = render_fence_virtd_conf(params());
  EXPECT_TRUE(has(c, "listener = \"multicast\";")) << c;
  EXPECT_TRUE(has(c, "backend = \"libvirt\";")) << c;
  EXPECT_TRUE(has(c, "interface = \"hbabc123m\";")) << c;
  EXPECT_TRUE(has(c, "address = \"239.255.213.3\";")) << c;
  EXPECT_TRUE(has(c, "port = \"1233\";")) << c;
  EXPECT_TRUE(has(c, "key_file = \"/var/lib/harness/labs/fx/fence/fence_xvm.key\";")) << c;
  EXPECT_TRUE(has(c, "uri = \"qemu:///system\";")) << c;
  EXPECT_TRUE(has(c, "hash = \"sha256\";") && has(c, "auth = \"sha256\";")) << c;
  EXPECT_TRUE(has(c, "run fx-20261207T150000-abc123")) << "the header names the run";
}

TEST(FenceVirtdConf, OnlyTheRunsTargetsMayFenceOnlyTheRunsDomains) {
  const std::string c = render_fence_virtd_conf(params());
  const std::string groups = c.substr(c.find("groups {"));
  EXPECT_TRUE(has(groups, "ip = \"10.213.24.11\";") && has(groups, "ip = \"10.213.24.12\";"));
  EXPECT_TRUE(has(groups, "uuid = \"h-abc123-n1\";") && has(groups, "uuid = \"h-abc123-n2\";"));
  EXPECT_EQ(groups.find("initiator"), std::string::npos);
}

TEST(FenceVirtdConf, GroupAndPortAreTheRunsOwn) {
  EXPECT_NE(fence_xvm_group_of_block(0), fence_xvm_group_of_block(1));
  EXPECT_NE(fence_xvm_port_of_block(0), fence_xvm_port_of_block(1));
  EXPECT_NE(fence_xvm_port_of_block(0), 1229) << "1229 is left to the host's own fence_virtd";
}

TEST(FenceVirtdConf, RefusesWhatTheFileCannotHold) {
  auto bad = [](auto change) {
    FenceVirtdParams p = params();
    change(p);
    EXPECT_THROW(render_fence_virtd_conf(p), LabError);
  };
  bad([](FenceVirtdParams& p) { p.key_file = "/x/\"key"; });
  bad([](FenceVirtdParams& p) { p.interface = "br 0"; });
  bad([](FenceVirtdParams& p) { p.group = "10.0.0.1"; });  // not multicast
  bad([](FenceVirtdParams& p) { p.port = 0; });
  bad([](FenceVirtdParams& p) { p.allowed_ips = {}; });
  bad([](FenceVirtdParams& p) { p.allowed_ips = {"10.0.0.1; rm"}; });
  bad([](FenceVirtdParams& p) { p.domains = {}; });
}

// fence_virtd -c reads the file with its own parser and prints the configuration it understood;
// given only newlines it keeps every value and, at end of input, does not write the file.
CommandResult parse_with_fence_virtd(const std::filesystem::path& file) {
  auto clock = make_system_clock();
  return run_process({"fence_virtd", "-c", "-f", file.string()}, Deadline::after(*clock, 20),
                     std::string(40, '\n'));
}

TEST(FenceVirtdConf, FenceVirtdsOwnParserReadsItBack) {
  if (!program_exists("fence_virtd")) GTEST_SKIP() << "needs fence_virtd (fence-virtd)";
  TempDir t;
  const std::filesystem::path file = t.path() / "fence_virtd-fx.conf";
  const std::string text = render_fence_virtd_conf(params());
  write_file(file, text);
  auto r = parse_with_fence_virtd(file);
  EXPECT_FALSE(has(r.out, "Parsing of")) << r.out;
  const auto begin = r.out.find("=== Begin Configuration ===");
  ASSERT_NE(begin, std::string::npos) << r.out << r.err;
  const std::string understood = r.out.substr(begin);
  for (const char* part : {"interface = \"hbabc123m\";", "address = \"239.255.213.3\";",
                           "port = \"1233\";", "ip = \"10.213.24.12\";", "uuid = \"h-abc123-n2\";",
                           "backend = \"libvirt\";", "listener = \"multicast\";"})
    EXPECT_TRUE(has(understood, part)) << part << "\n" << r.out;
  EXPECT_EQ(read_text(file), text) << "the check must not rewrite the file";

  // The same check fails on a broken file.
  write_file(file, text.substr(0, text.find("backends {") + 10));
  EXPECT_TRUE(has(parse_with_fence_virtd(file).out, "Parsing of")) << "the parser check cannot fail";
}

}  // namespace
}  // namespace harness
