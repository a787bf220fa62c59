// Issue 15's matrix on real VMs, through the binary as CI runs it: two catalogue scenarios with
// the same deployment share one lab — provisioned, deployed and settled once, snapshotted, then
// reverted and audited before each scenario — and the lab, its snapshots included, is gone
// afterwards.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <string>

#include "lab_test_support.hpp"

namespace harness::lab {
namespace {

namespace fs = std::filesystem;
using testing::kUri;
using testing::spawn_harness;
using testing::test_image;

const fs::path kSource = HARNESS_SOURCE_DIR;

nlohmann::json read_json(const fs::path& p) {
  std::ifstream in(p);
  return nlohmann::json::parse(in);
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  return {std::istreambuf_iterator<char>(in), {}};
}

struct Cleanup {
  ~Cleanup() {
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

const nlohmann::json* phase(const nlohmann::json& result, const std::string& name) {
  for (const auto& p : result.at("phases"))
    if (p.value("name", "") == name) return &p;
  return nullptr;
}

TEST(MatrixIntegration, TwoScenariosShareOneDeployedLabRevertedAndAuditedBeforeEach) {
  std::string why;
  if (!test_image(why)) GTEST_SKIP() << why;
  Cleanup cleanup;
  fs::path out = fs::temp_directory_path() / "harness-itest-matrix";
  fs::remove_all(out);
  fs::create_directories(out);
  const std::string log = (out / "harness.log").string();
  pid_t pid = spawn_harness({"run", (kSource / "scenarios").string(), "-k", "ring0-loss", "-k",
                             "pause-active-3s", "--out", (out / "runs").string(), "--junit",
                             (out / "junit.xml").string(), "--seed", "11"},
                            log);
  int status = testing::wait_exit(pid);
  const std::string text = read_text(log);
  std::cerr << text;
  // Both checks-decided outcomes are honest on a slow host; an error is not.
  EXPECT_TRUE(status == 0 || status == 1) << "exit " << status;

  // One deployment for the two: exactly one group provisioned, deployed and snapshotted.
  std::regex provisioned(R"(deploy group (\S+): provision done)");
  std::vector<std::string> groups;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), provisioned); it != std::sregex_iterator(); ++it)
    groups.push_back((*it)[1]);
  ASSERT_EQ(groups.size(), 1u) << "one deploy for scenarios with one deploy key";
  EXPECT_NE(text.find("snapshot settled:"), std::string::npos);

  // A matrix is one directory (runs/latest points at it): its run directories and its reports.
  ASSERT_TRUE(fs::is_symlink(out / "runs" / "latest"));
  const fs::path matrix = out / "runs" / fs::read_symlink(out / "runs" / "latest");
  ASSERT_TRUE(fs::exists(matrix / "matrix.json")) << matrix;
  const auto mj = read_json(matrix / "matrix.json");
  EXPECT_EQ(mj.at("scenarios").size(), 2u) << mj.dump(2);
  EXPECT_EQ(mj.at("seed"), 11u);
  for (const auto& sc : mj.at("scenarios")) {
    ASSERT_EQ(sc.at("repeats").size(), 1u);
    EXPECT_EQ(sc.at("repeats")[0].value("lab_mode", ""), "reverted");
    EXPECT_EQ(sc.at("exit_code"), sc.at("repeats")[0].at("exit_code"));
  }
  for (const char* f : {"summary.txt", "junit.xml", "index.html"}) EXPECT_TRUE(fs::exists(matrix / f)) << f;
  EXPECT_TRUE(fs::exists(out / "runs" / "index.html")) << "the runs index";

  std::vector<nlohmann::json> results;
  // Run directories only: latest is a symlink to one of them.
  for (const auto& e : fs::directory_iterator(matrix))
    if (!e.is_symlink() && fs::exists(e.path() / "result.json"))
      results.push_back(read_json(e.path() / "result.json"));
  ASSERT_EQ(results.size(), 2u);
  for (const auto& r : results) {
    SCOPED_TRACE(r.value("scenario", std::string("?")));
    EXPECT_EQ(r.value("lab_mode", ""), "reverted") << r.dump(2);
    EXPECT_EQ(phase(r, "provision"), nullptr) << "a reverted run does not provision";
    ASSERT_NE(phase(r, "revert"), nullptr);
    EXPECT_EQ(phase(r, "revert")->value("state", ""), "ok");
    ASSERT_NE(phase(r, "audit"), nullptr);
    EXPECT_EQ(phase(r, "audit")->value("state", ""), "ok");
    EXPECT_EQ(phase(r, "teardown")->value("state", ""), "skipped");
    for (const auto& c : r.at("checks")) EXPECT_NE(c.value("verdict", ""), "unknown") << c.dump(2);
  }

  // The lifecycle watch starts after the revert: ring0-loss touches no VM's power, so its
  // History holds no lifecycle event at all (a revert's restarts would show as power events).
  for (const auto& e : fs::directory_iterator(matrix)) {
    if (e.is_symlink() || e.path().filename().string().rfind("ring0-loss", 0) != 0) continue;
    std::ifstream in(e.path() / "history.jsonl");
    int lifecycle = 0;
    for (std::string line; std::getline(in, line);)
      if (line.find("\"kind\":\"lifecycle\"") != std::string::npos) ++lifecycle;
    EXPECT_EQ(lifecycle, 0) << e.path();
  }

  // The group's lab is gone, its domains (and their snapshots) and networks with it.
  auto left = testing::tagged_objects([&](const OwnerTag& t) { return t.run_id == groups[0]; });
  EXPECT_TRUE(left.empty()) << fmt::format("{}", fmt::join(left, ", "));
  EXPECT_TRUE(fs::exists(out / "junit.xml"));
}

}  // namespace
}  // namespace harness::lab
