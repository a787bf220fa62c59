// The image name is the hash of everything that shapes the image, and of nothing else.
#include "drivers/image/recipe.hpp"

#include <gtest/gtest.h>

#include "harness/core/errors.hpp"
#include "unit/temp_dir.hpp"

namespace harness {
namespace {

namespace fs = std::filesystem;

class RecipeHash : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = tmp_.path() / "vm-images" / "default";
    write_file(dir_ / "recipe.json", R"({"name": "default", "suite": "bookworm", "packages": ["fio"]})");
    write_file(dir_ / "hooks" / "customize.sh", "echo hook\n");
    write_file(dir_ / "files" / "harness-firstboot.sh", "echo firstboot\n");
    script_ = tmp_.path() / "vm-images" / "build-image.sh";
    write_file(script_, "echo build\n");
  }
  std::string hash() { return recipe_hash(load_recipe(dir_), script_, mirrors_); }

  TempDir tmp_;
  fs::path dir_, script_;
  std::vector<std::string> mirrors_{"deb http://deb.debian.org/debian bookworm main"};
};

TEST_F(RecipeHash, StableWhenNothingChanges) {
  std::string h = hash();
  EXPECT_EQ(h.size(), 64u);
  EXPECT_EQ(hash(), h);
  // Timestamps are not content.
  fs::last_write_time(dir_ / "hooks" / "customize.sh", fs::file_time_type::clock::now() - std::chrono::hours(5));
  EXPECT_EQ(hash(), h);
}

// The serialisation itself must not move: every cached image is named by it, so a change here
// renames (and makes everyone rebuild) every image, default and trixie included. The value was
// computed independently (Python's hashlib over the documented serialisation) and matches the
// code before build sources were added.
TEST_F(RecipeHash, SerialisationIsStable) {
  EXPECT_EQ(hash(), "e20f8fe7e8782de6c86f9ecfe19dfa86cdcd930b552e67631301dae02a467264");
  // A "build_sources" key is a recipe byte like any other: it changes the hash of its recipe only.
  write_file(dir_ / "recipe.json",
             R"({"name": "default", "suite": "bookworm", "packages": ["fio"], "build_sources": ["scst"]})");
  EXPECT_NE(hash(), "e20f8fe7e8782de6c86f9ecfe19dfa86cdcd930b552e67631301dae02a467264");
}

TEST_F(RecipeHash, ChangesWithEveryInput) {
  const std::string h0 = hash();
  write_file(dir_ / "files" / "harness-firstboot.sh", "echo firstboot2\n");
  const std::string h1 = hash();
  EXPECT_NE(h1, h0);
  write_file(dir_ / "hooks" / "customize.sh", "echo hook2\n");
  const std::string h2 = hash();
  EXPECT_NE(h2, h1);
  write_file(dir_ / "recipe.json", R"({"name": "default", "suite": "bookworm", "packages": ["fio", "lvm2"]})");
  const std::string h3 = hash();
  EXPECT_NE(h3, h2);
  write_file(script_, "echo build2\n");
  const std::string h4 = hash();
  EXPECT_NE(h4, h3);
  mirrors_.push_back("deb http://deb.debian.org/debian bookworm-updates main");
  const std::string h5 = hash();
  EXPECT_NE(h5, h4);
  write_file(dir_ / "files" / "new-file", "");  // an added (even empty) file counts
  const std::string h6 = hash();
  EXPECT_NE(h6, h5);
  fs::rename(dir_ / "files" / "new-file", dir_ / "files" / "other-name");  // so does its name
  EXPECT_NE(hash(), h6);
}

TEST_F(RecipeHash, ContentMovedBetweenFilesIsADifferentRecipe) {
  write_file(dir_ / "files" / "a", "xy");
  write_file(dir_ / "files" / "b", "");
  const std::string h0 = hash();
  write_file(dir_ / "files" / "a", "x");
  write_file(dir_ / "files" / "b", "y");
  EXPECT_NE(hash(), h0);
}

TEST_F(RecipeHash, DerivedRecipeIncludesItsBase) {
  fs::path old_dir = tmp_.path() / "vm-images" / "old";
  write_file(old_dir / "recipe.json",
             R"({"name": "old", "base": "../default", "pins": {"open-iscsi": "2.1.8-1"}})");
  Recipe r = load_recipe(old_dir);
  EXPECT_EQ(r.name, "old");
  EXPECT_EQ(r.suite, "bookworm");  // inherited
  ASSERT_EQ(r.chain.size(), 2u);
  EXPECT_EQ(r.chain[0], fs::canonical(dir_));
  EXPECT_EQ(r.chain[1], fs::canonical(old_dir));
  const std::string h0 = recipe_hash(r, script_, mirrors_);
  EXPECT_NE(h0, hash());  // not the base's image
  write_file(dir_ / "hooks" / "customize.sh", "echo changed base\n");
  EXPECT_NE(recipe_hash(load_recipe(old_dir), script_, mirrors_), h0);
}

TEST_F(RecipeHash, BadRecipesAreUsageErrors) {
  write_file(dir_ / "recipe.json", "{not json");
  EXPECT_THROW(load_recipe(dir_), UsageError);
  write_file(dir_ / "recipe.json", R"({"name": "Bad Name"})");
  EXPECT_THROW(load_recipe(dir_), UsageError);
  write_file(dir_ / "recipe.json", R"({"name": "loop", "base": "."})");
  EXPECT_THROW(load_recipe(dir_), UsageError);
  EXPECT_THROW(load_recipe(tmp_.path() / "nowhere"), UsageError);
}

TEST_F(RecipeHash, NameResolvesUnderTheSourceTree) {
  EXPECT_EQ(resolve_recipe_dir("default", tmp_.path()), dir_);
  EXPECT_EQ(resolve_recipe_dir(dir_.string(), "/nonexistent"), dir_);
  EXPECT_THROW(resolve_recipe_dir("missing", tmp_.path()), UsageError);
}

TEST(RecipeShipped, DefaultRecipeLoads) {
  Recipe r = load_recipe(resolve_recipe_dir("default"));
  EXPECT_EQ(r.name, "default");
  EXPECT_EQ(r.suite, "bookworm");
  EXPECT_NE(r.cmdline.find("root=/dev/vda"), std::string::npos);
}

}  // namespace
}  // namespace harness
