// Issue 5's end-to-end checks: `harness run` on real VMs, exactly as a user runs it (the binary,
// its exit status, its run directory). One catalogue scenario must pass with numbers and
// evidence; each negative control must fail, and fail in the check that owns the breakage.
// Whatever happens, nothing tagged with the run is left on the host.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <string>

#include "lab_test_support.hpp"

namespace harness::lab {
namespace {

namespace fs = std::filesystem;
using testing::kUri;
using testing::spawn_harness;
using testing::test_image;
using testing::wait_exit;

const fs::path kSource = HARNESS_SOURCE_DIR;

nlohmann::json read_json(const fs::path& p) {
  std::ifstream in(p);
  return nlohmann::json::parse(in);
}

struct RunOutcome {
  int exit_status = -1;
  fs::path run_dir;
  nlohmann::json result;
  std::string log;
};

// Runs one scenario through the binary; on any failure the run's lab is removed by cleanup.
RunOutcome run_scenario(const fs::path& scenario, const std::string& name) {
  RunOutcome o;
  fs::path out = fs::temp_directory_path() / ("harness-itest-run-" + name);
  fs::remove_all(out);
  fs::create_directories(out);
  std::string log = (out / "harness.log").string();
  pid_t pid = spawn_harness({"run", scenario.string(), "--out", (out / "runs").string(), "--junit",
                             (out / "junit.xml").string(), "--seed", "11"},
                            log);
  o.exit_status = testing::wait_exit(pid);
  std::ifstream in(log);
  o.log.assign(std::istreambuf_iterator<char>(in), {});
  std::cerr << o.log;
  o.run_dir = out / "runs" / "latest";
  if (fs::exists(o.run_dir / "result.json")) o.result = read_json(o.run_dir / "result.json");
  return o;
}

const nlohmann::json* check_named(const nlohmann::json& result, const std::string& name) {
  if (!result.contains("checks")) return nullptr;
  for (const auto& c : result.at("checks"))
    if (c.value("name", "") == name) return &c;
  return nullptr;
}

std::string run_id_of(const RunOutcome& o) { return o.result.value("run_id", ""); }

void expect_nothing_left(const RunOutcome& o) {
  const std::string id = run_id_of(o);
  ASSERT_FALSE(id.empty());
  auto left = testing::tagged_objects([&](const OwnerTag& t) { return t.run_id == id; });
  EXPECT_TRUE(left.empty()) << fmt::format("{}", fmt::join(left, ", "));
}

// Removes every lab a killed or failed run left (the harness's own cleanup, by tag).
struct RunCleanup {
  ~RunCleanup() {
    auto clock = make_system_clock();
    CleanupOptions c;
    c.uri = kUri;
    try {
      cleanup_labs(c, *clock, {});
    } catch (const std::exception& e) {
      ADD_FAILURE() << "cleanup: " << e.what();
    }
  }
};

TEST(RunScenarioIntegration, NodeKillOfTheActiveTargetPassesWithNumbersAndEvidence) {
  std::string why;
  if (!test_image(why)) GTEST_SKIP() << why;
  RunCleanup cleanup;
  auto o = run_scenario(kSource / "scenarios" / "node-kill-active.json", "node-kill");
  ASSERT_FALSE(o.result.is_null()) << "no result.json";

  // The stall is the system under test's, measured: under TCG it was 31-37 s against the
  // scenario's 40 s, so on a slower CI host the path-switch verdict may honestly be "fail".
  // The harness must then say so with exit 1, and everything else must still hold.
  const auto* ps = check_named(o.result, "path_switch");
  ASSERT_NE(ps, nullptr);
  const double stall = ps->at("metrics").value("longest_stall_s", -1.0);
  EXPECT_GT(stall, 1.0) << "a node kill under protocol C cannot be free: " << ps->dump(2);
  EXPECT_TRUE(ps->at("metrics").value("resumed", false)) << ps->dump(2);
  EXPECT_TRUE(ps->at("metrics").at("released_by").is_string()) << ps->dump(2);
  if (ps->value("verdict", "") == "pass") {
    EXPECT_EQ(o.exit_status, 0) << o.result.dump(2);
    EXPECT_LE(stall, 40.0);
  } else {
    EXPECT_EQ(ps->value("verdict", ""), "fail") << ps->dump(2);
    EXPECT_GT(stall, 40.0) << ps->dump(2);
    EXPECT_EQ(o.exit_status, 1) << o.result.dump(2);
    std::cerr << fmt::format("path switch over the scenario's limit on this host: {:.3f} s\n", stall);
  }

  const auto* fe = check_named(o.result, "fencing");
  ASSERT_NE(fe, nullptr);
  EXPECT_EQ(fe->value("verdict", ""), "pass") << fe->dump(2);
  const auto* in = check_named(o.result, "integrity");
  ASSERT_NE(in, nullptr);
  EXPECT_EQ(in->value("verdict", ""), "pass") << in->dump(2);
  // The ledger beside fio: every acknowledged block read back intact on every view.
  const auto* le = check_named(o.result, "ledger");
  ASSERT_NE(le, nullptr) << "the scenario runs the ledger beside fio";
  EXPECT_EQ(le->value("verdict", ""), "pass") << le->dump(2);
  EXPECT_GT(le->at("metrics").value("acknowledged", 0), 1000) << le->dump(2);
  EXPECT_GE(le->at("metrics").value("views", 0), 4) << "device, paths and both peers: " << le->dump(2);
  EXPECT_TRUE(fs::exists(o.run_dir / "ledger" / "write.log"));

  EXPECT_TRUE(fs::exists(o.run_dir / "report.html"));
  EXPECT_TRUE(fs::exists(o.run_dir / "junit.xml"));
  EXPECT_FALSE(fs::is_empty(o.run_dir / "logs")) << "node logs are always collected";
  expect_nothing_left(o);
}

// A negative control: a broken configuration must end in exit 1 with `check` failing, with
// evidence. Returns that check's result (null if there was none) for the test's own figures.
nlohmann::json run_negative_control(const std::string& name, const std::string& check) {
  RunCleanup cleanup;
  auto o = run_scenario(kSource / "tests" / "integration" / "scenarios" / (name + ".json"), name);
  if (o.result.is_null()) {
    ADD_FAILURE() << "no result.json";
    return {};
  }
  EXPECT_EQ(o.exit_status, 1) << "a failed check, not an error: " << o.result.dump(2);
  expect_nothing_left(o);
  const auto* c = check_named(o.result, check);
  if (c == nullptr) {
    ADD_FAILURE() << "no " << check << " check";
    return {};
  }
  EXPECT_EQ(c->value("verdict", ""), "fail") << c->dump(2);
  EXPECT_FALSE(c->value("evidence", nlohmann::json::array()).empty()) << c->dump(2);
  return *c;
}

// CI runs one negative control beside the node kill (each takes a lab, ~13 min under TCG);
// the others run where HARNESS_ITEST_LONG=1 (README, "Tests"). Why one does not run here ("" when
// it does).
std::string long_control_skip_reason() {
  const char* v = std::getenv("HARNESS_ITEST_LONG");
  if (!v || std::string(v) != "1") return "negative control: set HARNESS_ITEST_LONG=1 to run it";
  std::string why;
  return test_image(why) ? std::string() : why;
}

TEST(RunScenarioIntegration, NoPathRetryFailIsCaughtAsIoErrorsByTheIntegrityCheck) {
  std::string why;
  if (!test_image(why)) GTEST_SKIP() << why;
  auto in = run_negative_control("no-path-retry-fail", "integrity");
  EXPECT_GT(in["metrics"].value("io_errors", 0), 0) << in.dump(2);
}

TEST(RunScenarioIntegration, SlowMultipathPollingIsCaughtByThePathSwitchCheck) {
  if (auto why = long_control_skip_reason(); !why.empty()) GTEST_SKIP() << why;
  auto ps = run_negative_control("slow-multipath-polling", "path_switch");
  EXPECT_GT(ps["metrics"].value("longest_stall_s", 0.0), 30.0) << ps.dump(2);
}

TEST(RunScenarioIntegration, StonithDisabledSplitBrainIsCaughtByTheFencingCheck) {
  if (auto why = long_control_skip_reason(); !why.empty()) GTEST_SKIP() << why;
  auto fe = run_negative_control("stonith-disabled-split-brain", "fencing");
  EXPECT_NE(fe.value("summary", "").find("n2"), std::string::npos)
      << "the node that should have been fenced is named: " << fe.dump(2);
}

TEST(RunScenarioIntegration, DiscardedWritesAreCaughtAsLostByTheLedger) {
  if (auto why = long_control_skip_reason(); !why.empty()) GTEST_SKIP() << why;
  auto le = run_negative_control("discard-writes-active", "ledger");
  EXPECT_GT(le["metrics"]["findings"].value("lost", 0), 0) << le.dump(2);
  std::cerr << "ledger on discarded writes: " << le.value("summary", "") << "\n";
}

TEST(RunScenarioIntegration, NoFenceDelaySplitBrainRaceIsCaughtByTheFencingCheck) {
  if (auto why = long_control_skip_reason(); !why.empty()) GTEST_SKIP() << why;
  run_negative_control("no-fence-delay-split-brain", "fencing");
}

// Issue 18's rolling upgrade: both target nodes reinstalled from the trixie image, one after the
// other, under I/O. Whatever the path-switch verdict on this host, both upgrades must have
// happened (the nodes report Pacemaker 3.0 afterwards), nobody may have been fenced, and every
// acknowledged write must be there.
TEST(RunScenarioIntegration, RollingUpgradeToTrixieUnderIoKeepsDataAndFencesNobody) {
  if (auto why = long_control_skip_reason(); !why.empty()) GTEST_SKIP() << why;
  {
    const std::string log = (fs::temp_directory_path() / "harness-itest-image-trixie.log").string();
    ASSERT_EQ(wait_exit(spawn_harness({"image", "build", "trixie"}, log)), 0) << "see " << log;
  }
  RunCleanup cleanup;
  auto o = run_scenario(kSource / "scenarios" / "rolling-upgrade-trixie.json", "rolling-upgrade");
  ASSERT_FALSE(o.result.is_null()) << "no result.json";
  std::vector<nlohmann::json> upgrades;
  std::ifstream in(o.run_dir / "history.jsonl");
  for (std::string line; std::getline(in, line);) {
    auto e = nlohmann::json::parse(line, nullptr, false);
    if (e.is_object() && e.value("kind", "") == "inject" && e.value("what", "") == "node_upgrade")
      upgrades.push_back(e);
  }
  ASSERT_EQ(upgrades.size(), 2u) << "both target nodes upgraded";
  std::set<std::string> nodes;
  for (const auto& e : upgrades) {
    nodes.insert(e.value("node", ""));
    const auto& d = e.at("data");
    EXPECT_EQ(d.value("to_image", ""), "trixie") << e.dump(2);
    EXPECT_EQ(d.at("versions_before").value("pacemaker", "").rfind("2.1.", 0), 0u) << e.dump(2);
    EXPECT_EQ(d.at("versions_after").value("pacemaker", "").rfind("3.0.", 0), 0u) << e.dump(2);
    EXPECT_EQ(d.at("versions_after").value("kernel", "").rfind("6.12.", 0), 0u) << e.dump(2);
  }
  EXPECT_EQ(nodes, (std::set<std::string>{"n1", "n2"}));
  for (const char* name : {"fencing", "integrity", "ledger"}) {
    const auto* c = check_named(o.result, name);
    ASSERT_NE(c, nullptr) << name;
    EXPECT_EQ(c->value("verdict", ""), "pass") << c->dump(2);
  }
  expect_nothing_left(o);
}

}  // namespace
}  // namespace harness::lab
