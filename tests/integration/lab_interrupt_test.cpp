// SIGINT during `harness lab up`: the command stops, removes what it had created by itself
// (no `harness cleanup` needed) and exits 3.
#include <signal.h>

#include <chrono>
#include <fstream>
#include <thread>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "lab_test_support.hpp"

namespace harness::lab::testing {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

TEST(LabInterrupt, SigintDuringLabUpRemovesWhatItCreatedAndExitsThree) {
  std::string why;
  auto image = test_image(why);
  if (!image) GTEST_SKIP() << why;
  const std::string name = "itest-sigint";
  force_cleanup(name);
  CleanupGuard guard{name};

  // 8 s in, the networks and files exist and the domain is being defined or is booting.
  const std::string log = "/tmp/harness-itest-sigint.log";
  pid_t pid = spawn_harness({"lab", "up", "--lab", name, "--nodes", "n1", "--no-deploy",
                             "--image-dir", image->dir.string()},
                            log);
  std::this_thread::sleep_for(std::chrono::seconds(8));
  std::vector<std::string> tags;
  if (auto rec = load_record(lab_dir(name))) tags.push_back(rec->tag);
  ASSERT_FALSE(tags.empty()) << "lab up had recorded nothing after 8 s:\n" << slurp(log);
  ASSERT_FALSE(leftovers(name, tags).empty()) << "nothing was created yet:\n" << slurp(log);
  ::kill(pid, SIGINT);
  EXPECT_EQ(wait_exit(pid), 3) << slurp(log);
  EXPECT_EQ(leftovers(name, tags), std::vector<std::string>{}) << slurp(log);
}

}  // namespace
}  // namespace harness::lab::testing
