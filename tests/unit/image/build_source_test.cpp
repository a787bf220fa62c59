// Build sources (SCST): a source's hash is its content and nothing else, a bad source is a
// usage error naming the option, the path and what to give, and a recipe gets exactly the
// sources it builds from.
#include "drivers/image/build_source.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "drivers/image/sha256.hpp"
#include "harness/core/errors.hpp"
#include "unit/temp_dir.hpp"

namespace harness {
namespace {

namespace fs = std::filesystem;

const SourceKind& scst() { return *find_source_kind("scst"); }

// The message of the UsageError `f` throws ("" and a test failure if it throws nothing).
template <typename F>
std::string usage_error(F f) {
  try {
    f();
  } catch (const UsageError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no UsageError";
  return "";
}

class BuildSourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tarball_ = tmp_.path() / "scst-aa5cc2dd.tar.xz";
    write_file(tarball_, "not really xz, but bytes");
    tree_ = tmp_.path() / "scst-tree";
    write_file(tree_ / "scst" / "include" / "scst_const.h", "#define SCST_VERSION_NAME \"3.11.0-pre\"\n");
    write_file(tree_ / "iscsi-scst" / "Makefile", "all:\n");
    write_file(tree_ / "scstadmin" / "Makefile", "all:\n");
    fs::path recipes = tmp_.path() / "vm-images";
    write_file(recipes / "default" / "recipe.json", R"({"name": "default", "packages": ["fio"]})");
    write_file(recipes / "scst" / "recipe.json",
               R"({"name": "scst", "base": "../default", "build_sources": ["scst"]})");
    default_ = load_recipe(recipes / "default");
    scst_recipe_ = load_recipe(recipes / "scst");
  }

  TempDir tmp_;
  fs::path tarball_, tree_;
  Recipe default_, scst_recipe_;
};

TEST_F(BuildSourceTest, TheKindTableNamesTheOptionAndTheEnvironment) {
  ASSERT_NE(find_source_kind("scst"), nullptr);
  EXPECT_EQ(scst().option, "--with-scst");
  EXPECT_EQ(scst().env, "HARNESS_SOURCE_SCST");
  EXPECT_EQ(find_source_kind("lio"), nullptr);
}

TEST_F(BuildSourceTest, ATarballHashesItsBytesWhereverItLives) {
  BuildSource s = read_build_source(scst(), tarball_);
  EXPECT_EQ(s.name, "scst");
  EXPECT_FALSE(s.directory);
  EXPECT_EQ(s.path, tarball_);
  EXPECT_EQ(s.sha256, sha256_hex("not really xz, but bytes"));
  // Timestamps and the file's name or place are not content.
  fs::last_write_time(tarball_, fs::file_time_type::clock::now() - std::chrono::hours(3));
  fs::path copy = tmp_.path() / "elsewhere" / "scst.tar.gz";
  fs::create_directories(copy.parent_path());
  fs::copy_file(tarball_, copy);
  EXPECT_EQ(read_build_source(scst(), tarball_).sha256, s.sha256);
  EXPECT_EQ(read_build_source(scst(), copy).sha256, s.sha256);
  // One byte more is another source.
  write_file(tarball_, "not really xz, but bytes!");
  EXPECT_NE(read_build_source(scst(), tarball_).sha256, s.sha256);
}

TEST_F(BuildSourceTest, ATreeHashesItsFilesNotItsPlaceTimesOrVersionControl) {
  BuildSource s = read_build_source(scst(), tree_);
  EXPECT_TRUE(s.directory);
  EXPECT_EQ(s.sha256, source_tree_hash(tree_));
  fs::path copy = tmp_.path() / "copy";
  fs::copy(tree_, copy, fs::copy_options::recursive);
  EXPECT_EQ(read_build_source(scst(), copy).sha256, s.sha256);
  fs::last_write_time(copy / "scstadmin" / "Makefile",
                      fs::file_time_type::clock::now() - std::chrono::hours(3));
  write_file(copy / ".git" / "HEAD", "ref: refs/heads/master\n");  // a checkout's metadata
  EXPECT_EQ(read_build_source(scst(), copy).sha256, s.sha256);

  write_file(copy / "scstadmin" / "Makefile", "all: x\n");  // content
  const std::string h1 = source_tree_hash(copy);
  EXPECT_NE(h1, s.sha256);
  write_file(copy / "scst" / "new.c", "");  // an added empty file
  const std::string h2 = source_tree_hash(copy);
  EXPECT_NE(h2, h1);
  fs::rename(copy / "scst" / "new.c", copy / "scst" / "other.c");  // a name
  const std::string h3 = source_tree_hash(copy);
  EXPECT_NE(h3, h2);
  fs::create_symlink("nowhere", copy / "scst" / "dangling");  // a symlink, by its target text
  EXPECT_NE(source_tree_hash(copy), h3);
}

TEST_F(BuildSourceTest, AMissingSourceSaysWhatToGive) {
  const std::string msg = usage_error([&] { read_build_source(scst(), tmp_.path() / "nope.tar.xz"); });
  EXPECT_NE(msg.find("--with-scst"), std::string::npos) << msg;
  EXPECT_NE(msg.find("nope.tar.xz"), std::string::npos) << msg;
  EXPECT_NE(msg.find("no such file or directory"), std::string::npos) << msg;
  EXPECT_NE(msg.find("tarball"), std::string::npos) << msg;
  EXPECT_NE(usage_error([&] { read_build_source(scst(), ""); }).find("empty path"), std::string::npos);
}

TEST_F(BuildSourceTest, AnythingButATarballOrAnScstTreeIsRefused) {
  write_file(tmp_.path() / "scst.zip", "PK");
  for (const fs::path& p : {tmp_.path() / "scst.zip", fs::path("/dev/null")}) {
    const std::string msg = usage_error([&] { read_build_source(scst(), p); });
    EXPECT_NE(msg.find("neither a tarball nor a directory"), std::string::npos) << msg;
    EXPECT_NE(msg.find(p.string()), std::string::npos) << msg;
  }
  fs::create_directories(tmp_.path() / "empty");
  const std::string msg = usage_error([&] { read_build_source(scst(), tmp_.path() / "empty"); });
  EXPECT_NE(msg.find("not an scst source tree"), std::string::npos) << msg;
  EXPECT_NE(msg.find("scst/include/scst_const.h"), std::string::npos) << msg;
}

TEST_F(BuildSourceTest, AnUnreadableSourceIsAUsageError) {
  // A symlink loop: unreadable even for root, who reads a file of mode 0.
  fs::path loop = tmp_.path() / "loop.tar.xz";
  fs::create_symlink(loop.filename(), loop);
  std::string msg = usage_error([&] { read_build_source(scst(), loop); });
  EXPECT_NE(msg.find("cannot read it"), std::string::npos) << msg;
  EXPECT_NE(msg.find("--with-scst"), std::string::npos) << msg;
  EXPECT_NE(msg.find(loop.string()), std::string::npos) << msg;
  if (::geteuid() == 0) return;
  ASSERT_EQ(::chmod(tarball_.c_str(), 0), 0);
  msg = usage_error([&] { read_build_source(scst(), tarball_); });
  EXPECT_NE(msg.find("cannot read"), std::string::npos) << msg;
  EXPECT_NE(msg.find("--with-scst"), std::string::npos) << msg;
}

TEST_F(BuildSourceTest, ARecipeGetsExactlyTheSourcesItBuildsFrom) {
  EXPECT_EQ(scst_recipe_.build_sources, std::vector<std::string>{"scst"});
  EXPECT_TRUE(default_.build_sources.empty());
  auto sources = resolve_build_sources(scst_recipe_, {{"scst", tarball_}});
  ASSERT_EQ(sources.size(), 1u);
  EXPECT_EQ(sources[0].sha256, sha256_hex("not really xz, but bytes"));
  EXPECT_NO_THROW(check_build_sources(scst_recipe_, sources));
  EXPECT_TRUE(resolve_build_sources(default_, {}).empty());

  // Missing: names the recipe and the option (exit 2: a usage error).
  std::string msg = usage_error([&] { resolve_build_sources(scst_recipe_, {}); });
  EXPECT_NE(msg.find("image recipe scst"), std::string::npos) << msg;
  EXPECT_NE(msg.find("--with-scst PATH"), std::string::npos) << msg;
  EXPECT_NE(msg.find("harness image build scst --with-scst PATH"), std::string::npos) << msg;
  EXPECT_NE(usage_error([&] { check_build_sources(scst_recipe_, {}); }).find("--with-scst"),
            std::string::npos);
  // Given to a recipe that does not build SCST: refused, naming the recipe and the option.
  msg = usage_error([&] { resolve_build_sources(default_, {{"scst", tarball_}}); });
  EXPECT_NE(msg.find("image recipe default does not build scst"), std::string::npos) << msg;
  EXPECT_NE(msg.find("--with-scst"), std::string::npos) << msg;
  EXPECT_FALSE(usage_error([&] { check_build_sources(default_, sources); }).empty());
}

TEST_F(BuildSourceTest, TheImageHashIsTheRecipeHashUnlessThereAreSources) {
  const std::string rh(64, 'a');
  EXPECT_EQ(image_hash(rh, {}), rh);  // images without sources keep their names
  auto a = resolve_build_sources(scst_recipe_, {{"scst", tarball_}});
  const std::string ha = image_hash(rh, a);
  EXPECT_EQ(ha.size(), 64u);
  EXPECT_NE(ha, rh);
  EXPECT_EQ(image_hash(rh, resolve_build_sources(scst_recipe_, {{"scst", tarball_}})), ha);
  EXPECT_NE(image_hash(std::string(64, 'b'), a), ha);  // the recipe part counts
  auto b = resolve_build_sources(scst_recipe_, {{"scst", tree_}});
  EXPECT_NE(image_hash(rh, b), ha);  // and the source
}

TEST_F(BuildSourceTest, RecipeKeyIsCheckedAndInherited) {
  fs::path derived = tmp_.path() / "vm-images" / "scst-old";
  write_file(derived / "recipe.json", R"({"name": "scst-old", "base": "../scst"})");
  EXPECT_EQ(load_recipe(derived).build_sources, std::vector<std::string>{"scst"});
  fs::path bad = tmp_.path() / "vm-images" / "bad";
  write_file(bad / "recipe.json", R"({"name": "bad", "build_sources": ["lio"]})");
  std::string msg = usage_error([&] { load_recipe(bad); });
  EXPECT_NE(msg.find("/build_sources/0: expected one of: scst"), std::string::npos) << msg;
  write_file(bad / "recipe.json", R"({"name": "bad", "build_sources": "scst"})");
  msg = usage_error([&] { load_recipe(bad); });
  EXPECT_NE(msg.find("/build_sources: expected an array"), std::string::npos) << msg;
}

TEST(ShippedRecipes, ScstBuildsFromAnScstSourceOnTopOfTheDefault) {
  Recipe r = load_recipe(resolve_recipe_dir("scst"));
  EXPECT_EQ(r.name, "scst");
  EXPECT_EQ(r.suite, "bookworm");
  EXPECT_EQ(r.build_sources, std::vector<std::string>{"scst"});
  ASSERT_EQ(r.chain.size(), 2u);
  EXPECT_EQ(r.chain[0].filename(), "default");
  EXPECT_EQ(build_command_hint(r), "harness image build scst --with-scst PATH");
  for (const char* name : {"default", "trixie", "old"})
    EXPECT_TRUE(load_recipe(resolve_recipe_dir(name)).build_sources.empty()) << name;
}

}  // namespace
}  // namespace harness
