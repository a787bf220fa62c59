// Each fence agent (tunables.fence.agent) fences a node for real: a lab is brought up for the
// agent (its host side: the fence sshd, fence_virtd or one ipmi_sim per target), the stack is
// deployed and settled, n1 asks the cluster to fence n2 (`stonith_admin --fence n2`, i.e. off),
// the hypervisor reports n2 destroyed by someone other than the harness, n1 is untouched, and
// the cluster's history says the fencing succeeded. The run's credentials appear nowhere in the
// lab record, the CIB or the collected logs, and teardown leaves none of the agent's daemons.
// One deployment per agent (8-12 min under TCG each): run with HARNESS_ITEST_LONG=1
// (README, "Tests"); fence_virsh with --reboot is also LabDeployIntegration's.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>

#include "drivers/libvirt/fence_daemons.hpp"
#include "drivers/libvirt/lab_sut.hpp"
#include "drivers/libvirt/libvirt_lab.hpp"
#include "harness/core/history.hpp"
#include "lab_test_support.hpp"

namespace harness::lab {
namespace {

namespace fs = std::filesystem;

using testing::CleanupGuard;
using testing::force_cleanup;
using testing::kUri;
using testing::leftovers;
using testing::test_image;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Every file under `dir`, concatenated (the collected logs).
std::string slurp_tree(const fs::path& dir) {
  std::string all;
  std::error_code ec;
  for (const auto& e : fs::recursive_directory_iterator(dir, ec))
    if (e.is_regular_file()) all += slurp(e.path());
  return all;
}

// The run's secrets as the host holds them: the BMC passwords from their lan.conf, the
// fence_xvm key, the fence sshd's private key.
std::vector<std::string> run_secrets(const LabRecord& r) {
  std::vector<std::string> out;
  static const std::regex user(R"re(user 2 true "[^"]*" "([^"]+)")re");
  for (const auto& b : r.fence.bmcs) {
    std::smatch m;
    std::string conf = slurp(b.config);
    if (std::regex_search(conf, m, user)) out.push_back(m[1].str());
  }
  if (!r.fence.key.empty()) {
    std::string key = slurp(r.fence.key);
    // The base64 body of an ssh private key, or the xvm key itself.
    auto body = key.find("\n");
    out.push_back(key.substr(body == std::string::npos ? 0 : body + 1, 40));
  }
  return out;
}

bool long_runs() {
  const char* v = std::getenv("HARNESS_ITEST_LONG");
  return v && std::string(v) == "1";
}

class FenceAgentIntegration : public ::testing::TestWithParam<const char*> {};

TEST_P(FenceAgentIntegration, FencesTheNodeThroughTheHypervisor) {
  const std::string agent = GetParam();
  if (!long_runs()) GTEST_SKIP() << "one lab per agent: set HARNESS_ITEST_LONG=1 to run it";
  std::string why;
  auto image = test_image(why);
  if (!image) GTEST_SKIP() << why;
  // Lab names take 24 characters of [a-z0-9-].
  const std::map<std::string, std::string> short_name = {{"fence_virsh", "virsh"},
                                                         {"fence_xvm", "xvm"},
                                                         {"external/libvirt", "libvirt"},
                                                         {"fence_ipmilan", "ipmi"}};
  const std::string name = "itest-fence-" + short_name.at(agent);
  force_cleanup(name);
  CleanupGuard guard{name};
  auto clock = make_system_clock();
  auto say = [&](const std::string& s) { std::cerr << "[" << agent << "] " << s << std::endl; };

  LibvirtLabOptions o;
  o.lab_name = name;
  o.uri = kUri;
  o.image = *image;
  o.fence_agent = agent;
  o.progress = say;
  LibvirtLab lab(o, *clock);
  lab.provision(Deadline::after(*clock, 400));
  const LabRecord& rec = lab.record();
  const std::string run_id = rec.run_id;
  ASSERT_EQ(rec.fence.agent, agent);

  Tunables t;
  t.fence.agent = agent;
  auto sut = make_lab_cluster(lab, t, say);
  const fs::path logs = fs::temp_directory_path() / ("harness-" + name + "-logs");
  try {
    sut->deploy(Deadline::after(*clock, 600));
    sut->settle(Deadline::after(*clock, 300));
  } catch (const std::exception& e) {
    sut->collect_logs(logs, Deadline::after(*clock, 120));
    FAIL() << e.what();
  }
  // The device of n2 is running on n1 before it is used.
  auto status = lab.remote("n1").run({"stonith_admin", "--list-registered"}, Deadline::after(*clock, 60));
  EXPECT_NE(status.out.find("fence-n2"), std::string::npos) << status.out << status.err;

  History history;
  lab.watch_lifecycle(history);
  auto f0 = clock->now_ns();
  auto fence = lab.remote("n1").run({"stonith_admin", "--fence", "n2", "--timeout", "180"},
                                    Deadline::after(*clock, 240));
  const double fence_s = ns_to_seconds(clock->now_ns() - f0);
  RecordProperty("fence_s", fmt::format("{:.1f}", fence_s));
  std::cerr << fmt::format("{}: stonith_admin --fence n2: exit {} in {:.1f} s\n", agent,
                           fence.exit_status, fence_s);
  ASSERT_EQ(fence.exit_status, 0) << fence.out << fence.err;

  // Seen by the hypervisor: n2 destroyed by someone other than the harness; n1 untouched.
  auto seen = Deadline::after(*clock, 60);
  auto external = [&](const std::string& node) {
    std::vector<std::string> v;
    for (const auto& e : history.events())
      if (e.kind == EventKind::lifecycle && e.node == node && e.data.value("cause", "") == "external" &&
          e.what != "resumed" && e.what != "suspended")
        v.push_back(e.what);
    return v;
  };
  while (external("n2").empty() && seen.sleep_until(clock->now_ns() + 500'000'000)) {
  }
  ASSERT_FALSE(external("n2").empty()) << "the hypervisor saw no power-off of n2";
  EXPECT_EQ(external("n2").front(), "destroyed");
  EXPECT_TRUE(external("n1").empty()) << "n1 must not be fenced";
  EXPECT_EQ(lab.domain_state("n2"), "shut off") << "stonith-action off: n2 stays down";
  auto h = lab.remote("n1").check({"stonith_admin", "--history", "n2", "--verbose"},
                                  Deadline::after(*clock, 60));
  EXPECT_NE(h.out.find("off"), std::string::npos) << h.out;
  EXPECT_NE(h.out.find("successful"), std::string::npos) << h.out;

  // Credentials: in the lab's fence directory and the guests only.
  const auto secrets = run_secrets(rec);
  EXPECT_FALSE(secrets.empty());
  auto cib = lab.remote("n1").check({"cibadmin", "-Q"}, Deadline::after(*clock, 60)).out;
  sut->collect_logs(logs, Deadline::after(*clock, 180));
  const std::string record = slurp(fs::path(rec.dir) / "lab.json");
  const std::string collected = slurp_tree(logs);
  for (const auto& s : secrets) {
    EXPECT_EQ(record.find(s), std::string::npos) << "a secret in lab.json";
    EXPECT_EQ(cib.find(s), std::string::npos) << "a secret in the CIB";
    EXPECT_EQ(collected.find(s), std::string::npos) << "a secret in the collected logs";
  }

  lab.teardown(Deadline::after(*clock, 120));
  for (const auto& d : find_fence_daemons(labs_root()))
    EXPECT_NE(d.run_id, run_id) << d.exe << " pid " << d.pid << " outlived the lab";
  for (const auto& [pid, config] : find_fence_sshds(labs_root()))
    EXPECT_EQ(config.string().find(run_id), std::string::npos) << "fence sshd pid " << pid;
  EXPECT_TRUE(leftovers(name).empty());
}

INSTANTIATE_TEST_SUITE_P(Agents, FenceAgentIntegration,
                         ::testing::Values("fence_virsh", "fence_xvm", "external/libvirt",
                                           "fence_ipmilan"),
                         [](const auto& info) {
                           std::string n = info.param;
                           for (char& c : n)
                             if (c == '/') c = '_';
                           return n;
                         });

}  // namespace
}  // namespace harness::lab
