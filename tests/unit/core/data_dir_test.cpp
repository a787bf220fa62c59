// The data directory lookup: $HARNESS_DATA_DIR, then beside the binary, then the source tree for
// a build-tree binary; and an error that says where it looked when none of them is there.
#include "harness/core/data_dir.hpp"

#include <gtest/gtest.h>

#include "harness/core/errors.hpp"
#include "unit/temp_dir.hpp"

namespace harness {
namespace {

namespace fs = std::filesystem;

class DataDirLookup : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = tmp_.path();
    fs::create_directories(root_ / "prefix/bin");
    fs::create_directories(root_ / "prefix/share/failover-harness");
    fs::create_directories(root_ / "src");
    fs::create_directories(root_ / "src/build");
    fs::create_directories(root_ / "elsewhere");
    in_.exe_to_data = "../share/failover-harness";
    in_.build_tree = root_ / "src/build";
    in_.source_tree = root_ / "src";
  }
  std::string error_of(const DataDirInputs& in) {
    try {
      find_data_dir(in);
    } catch (const LabError& e) {
      return e.what();
    }
    ADD_FAILURE() << "no error";
    return {};
  }
  TempDir tmp_;
  fs::path root_;
  DataDirInputs in_;
};

TEST_F(DataDirLookup, InstalledBinaryUsesTheShareFolderBesideIt) {
  in_.exe = root_ / "prefix/bin/harness";
  EXPECT_EQ(find_data_dir(in_), root_ / "prefix/share/failover-harness");
}

TEST_F(DataDirLookup, BuildTreeBinaryUsesTheSourceTree) {
  in_.exe = root_ / "src/build/tests/unit_tests";
  EXPECT_EQ(find_data_dir(in_), root_ / "src");
}

TEST_F(DataDirLookup, EnvironmentWinsOverBothOthers) {
  in_.env = (root_ / "elsewhere").string();
  in_.exe = root_ / "prefix/bin/harness";
  EXPECT_EQ(find_data_dir(in_), root_ / "elsewhere");
  in_.exe = root_ / "src/build/harness";
  EXPECT_EQ(find_data_dir(in_), root_ / "elsewhere");
}

TEST_F(DataDirLookup, AMissingEnvironmentDirectoryIsAnErrorNotAFallback) {
  in_.env = (root_ / "typo").string();
  in_.exe = root_ / "prefix/bin/harness";  // would be found without the variable
  const std::string e = error_of(in_);
  EXPECT_NE(e.find((root_ / "typo").string()), std::string::npos) << e;
  EXPECT_NE(e.find("HARNESS_DATA_DIR"), std::string::npos) << e;
}

TEST_F(DataDirLookup, ABinaryOutsideTheBuildTreeNeverReadsTheSourceTree) {
  // A copied build-tree binary must not silently read a checkout that happens to be there.
  in_.exe = root_ / "elsewhere/bin/harness";
  const std::string e = error_of(in_);
  EXPECT_NE(e.find((root_ / "elsewhere/share/failover-harness").string()), std::string::npos) << e;
  EXPECT_EQ(e.find("source tree"), std::string::npos) << e;
  EXPECT_NE(e.find("HARNESS_DATA_DIR is unset"), std::string::npos) << e;
}

TEST_F(DataDirLookup, AMissingSourceTreeIsNamedInTheError) {
  in_.exe = root_ / "src/build/harness";
  in_.source_tree = root_ / "gone";
  const std::string e = error_of(in_);
  EXPECT_NE(e.find((root_ / "gone").string()), std::string::npos) << e;
  EXPECT_NE(e.find((root_ / "src/share/failover-harness").string()), std::string::npos) << e;
}

TEST_F(DataDirLookup, ASiblingWithTheBuildTreeAsPrefixIsNotInside) {
  fs::create_directories(root_ / "src/build-other");
  in_.exe = root_ / "src/build-other/harness";
  EXPECT_THROW(find_data_dir(in_), LabError);
}

TEST(DataDirProcess, ThisTestBinaryReadsTheSourceTree) {
  // The unit tests run from the build tree, so they read the files in the checkout.
  ::unsetenv(kDataDirEnv);
  EXPECT_EQ(fs::weakly_canonical(data_dir()), fs::weakly_canonical(HARNESS_SOURCE_DIR));
  EXPECT_TRUE(fs::is_regular_file(data_path("drivers/lio/ocf/harness-alua")));
}

TEST_F(DataDirLookup, ABuiltFileIsFoundInstalledOrInTheBuildTree) {
  const fs::path rel = "drivers/ledger/harness-ledger";
  write_file(root_ / "prefix/share/failover-harness" / rel, "installed");
  write_file(root_ / "src/build" / rel, "built");
  in_.exe = root_ / "prefix/bin/harness";
  EXPECT_EQ(find_built_file(in_, rel), root_ / "prefix/share/failover-harness" / rel);
  // A build-tree binary reads the source tree, which has no built files: the build tree has.
  in_.exe = root_ / "src/build/harness";
  EXPECT_EQ(find_built_file(in_, rel), root_ / "src/build" / rel);
  fs::remove(root_ / "src/build" / rel);
  try {
    find_built_file(in_, rel);
    ADD_FAILURE() << "no error";
  } catch (const LabError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find((root_ / "src" / rel).string()), std::string::npos) << m;
    EXPECT_NE(m.find((root_ / "src/build" / rel).string() + " (the build tree)"), std::string::npos) << m;
  }
}

}  // namespace
}  // namespace harness
