// multipath.conf: ALUA grouping for LIO, the tunables, and the virtio blacklist.
#include "drivers/multipath/multipath_conf.hpp"

#include <sstream>

#include <gtest/gtest.h>

#include "harness/core/errors.hpp"
#include "harness/scenario/scenario.hpp"

namespace harness {
namespace {

// Trimmed lines of the first block opened by `header` up to its matching brace.
std::vector<std::string> block(const std::string& text, const std::string& header) {
  std::istringstream in(text);
  std::vector<std::string> out;
  int depth = 0;
  for (std::string l; std::getline(in, l);) {
    auto b = l.find_first_not_of(' ');
    std::string t = b == std::string::npos ? "" : l.substr(b);
    if (depth == 0) {
      if (t == header) depth = 1;
      continue;
    }
    if (t.size() > 1 && t.back() == '{') ++depth;
    if (t == "}" && --depth == 0) return out;
    out.push_back(t);
  }
  return {};
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(MultipathConf, LioDeviceUsesAluaGroupingAndPriorities) {
  std::string conf = render_multipath_conf(MultipathOptions{}, "LIO-ORG");
  auto dev = block(conf, "device {");
  for (const char* l : {"vendor \"LIO-ORG\"", "product \".*\"",
                        "path_grouping_policy group_by_prio", "prio alua", "detect_prio no",
                        "hardware_handler \"1 alua\"", "failback immediate",
                        "no_path_retry queue", "path_checker tur"})
    EXPECT_TRUE(contains(dev, l)) << l << "\n" << conf;
  auto defaults = block(conf, "defaults {");
  EXPECT_TRUE(contains(defaults, "user_friendly_names no"));
  EXPECT_TRUE(contains(defaults, "polling_interval 1"));
  EXPECT_TRUE(contains(block(conf, "blacklist {"), "devnode \"^vd[a-z]\""));
}

// SCST's vdisk_blockio reports "SCST_BIO": the same entry, for its vendor, and the file is
// otherwise LIO's byte for byte.
TEST(MultipathConf, TheDeviceEntryIsTheTargetsVendor) {
  const std::string lio = render_multipath_conf(MultipathOptions{}, "LIO-ORG");
  const std::string scst = render_multipath_conf(MultipathOptions{}, "SCST_BIO");
  EXPECT_TRUE(contains(block(scst, "device {"), "vendor \"SCST_BIO\""));
  EXPECT_FALSE(contains(block(scst, "device {"), "vendor \"LIO-ORG\""));
  std::string back = scst;
  back.replace(back.find("SCST_BIO"), 8, "LIO-ORG");
  EXPECT_EQ(back, lio);
  for (const char* bad : {"", "LIO.ORG", "SCST BIO", "VENDOR123", "a\"b"})
    EXPECT_THROW(render_multipath_conf(MultipathOptions{}, bad), LabError) << bad;
}

TEST(MultipathConf, TunablesOverride) {
  Tunables t;
  t.multipath.no_path_retry = "fail";
  t.multipath.polling_interval_s = 5;
  std::string conf = render_multipath_conf(t.multipath, "LIO-ORG");
  EXPECT_TRUE(contains(block(conf, "device {"), "no_path_retry fail"));
  EXPECT_FALSE(contains(block(conf, "device {"), "no_path_retry queue"));
  EXPECT_TRUE(contains(block(conf, "defaults {"), "polling_interval 5"));
  t.multipath.no_path_retry = "12";
  EXPECT_TRUE(contains(block(render_multipath_conf(t.multipath, "LIO-ORG"), "device {"), "no_path_retry 12"));
}

// multipath-tools reads "0" as "fail" (libmultipath's no_path_retry handler); the scenario
// parser accepts 0, so the renderer must too (it used to refuse it at run time).
TEST(MultipathConf, ZeroRetriesIsFail) {
  Tunables t;
  t.multipath.no_path_retry = "0";
  EXPECT_TRUE(contains(block(render_multipath_conf(t.multipath, "LIO-ORG"), "device {"), "no_path_retry fail"));
}

TEST(MultipathConf, RejectsUnusableTunables) {
  Tunables t;
  for (const char* bad : {"", "-1", "queue; x", "forever", "1e3"}) {
    t.multipath.no_path_retry = bad;
    EXPECT_THROW(render_multipath_conf(t.multipath, "LIO-ORG"), ScenarioError) << bad;
  }
  t = Tunables{};
  t.multipath.polling_interval_s = 0;
  EXPECT_THROW(render_multipath_conf(t.multipath, "LIO-ORG"), ScenarioError);
}

TEST(MultipathConf, FileAndRestart) {
  auto f = multipath_files(MultipathOptions{}, "LIO-ORG");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].path, "/etc/multipath.conf");
  auto c = multipath_start_commands();
  EXPECT_EQ(c.back().argv, (Argv{"systemctl", "restart", "multipathd.service"}));
}

}  // namespace
}  // namespace harness
