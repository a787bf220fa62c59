// The run directory's copy of the scenario: byte for byte, except that an image given with
// `harness run --image` replaces the file's, so the directory says what ran.
#include "harness/cli/run_directory.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/unit/temp_dir.hpp"

namespace harness {
namespace {

const char* kScenario = R"({"name": "s", "lab": {"vcpus": 1},   "steps": []}
)";

TEST(RunDirectory, TheCopyIsTheFileWhenTheImageIsTheFilesOwn) {
  TempDir t;
  write_file(t.path() / "s.json", kScenario);
  auto dir = create_run_directory(t.path() / "out", "r1", t.path() / "s.json", "default");
  EXPECT_EQ(read_text(dir / "scenario.json"), kScenario);
  EXPECT_TRUE(std::filesystem::is_symlink(t.path() / "out" / "latest"));
}

TEST(RunDirectory, AnImageFromTheCommandLineIsRecordedInTheCopy) {
  TempDir t;
  write_file(t.path() / "s.json", kScenario);
  auto dir = create_run_directory(t.path() / "out", "r1", t.path() / "s.json", "trixie");
  auto j = nlohmann::json::parse(read_text(dir / "scenario.json"));
  EXPECT_EQ(j["lab"]["image"], "trixie");
  EXPECT_EQ(j["lab"]["vcpus"], 1);
  EXPECT_EQ(j["name"], "s");
}

}  // namespace
}  // namespace harness
