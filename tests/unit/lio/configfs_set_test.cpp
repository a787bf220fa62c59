// The configfs-set helper the LIO commands call: writes exactly its value argument, refuses
// paths outside the target subsystem, reports missing attributes and rejected writes.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "drivers/remote/process.hpp"
#include "harness/core/clock.hpp"
#include "harness/core/deadline.hpp"

namespace harness {
namespace {

namespace fs = std::filesystem;

class ConfigfsSetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/harness-configfs-set-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    root = tmpl;
    attr = root / "target/core/iblock_0/drbd0/alua/tpg_n1/alua_access_state";
    fs::create_directories(attr.parent_path());
    std::ofstream(attr) << "0\n";
  }
  void TearDown() override { fs::remove_all(root); }

  int run(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"/bin/sh", helper};
    argv.insert(argv.end(), args.begin(), args.end());
    ProcessOptions opts;
    opts.extra_env = {{"HARNESS_CONFIGFS_ROOT", root.string()}};
    return run_process(argv, Deadline::after(*clock, 10), {}, opts).exit_status;
  }
  std::string content() {
    std::ifstream in(attr);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  std::unique_ptr<Clock> clock = make_system_clock();
  std::string helper = std::string(HARNESS_SOURCE_DIR) + "/drivers/lio/configfs-set";
  fs::path root, attr;
};

TEST_F(ConfigfsSetTest, WritesTheValueVerbatim) {
  EXPECT_EQ(run({attr.string(), "1"}), 0);
  EXPECT_EQ(content(), "1\n");
  // A value with shell syntax is data, not code.
  EXPECT_EQ(run({attr.string(), "$(touch pwned); x"}), 0);
  EXPECT_EQ(content(), "$(touch pwned); x\n");
  EXPECT_FALSE(fs::exists("pwned"));
}

TEST_F(ConfigfsSetTest, RefusesPathsOutsideTheTargetSubsystem) {
  fs::path outside = root / "elsewhere";
  std::ofstream(outside) << "keep\n";
  EXPECT_EQ(run({outside.string(), "1"}), 2);
  EXPECT_EQ(run({(root / "target/../elsewhere").string(), "1"}), 2);
  std::ifstream in(outside);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "keep");
}

TEST_F(ConfigfsSetTest, MissingAttributeAndWrongArgumentsFail) {
  EXPECT_EQ(run({(root / "target/core/nope").string(), "1"}), 1);
  EXPECT_EQ(run({attr.string()}), 2);
  EXPECT_EQ(run({attr.string(), "1", "2"}), 2);
  EXPECT_EQ(content(), "0\n");
}

}  // namespace
}  // namespace harness
