// ImageStore with fake build scripts: cache hits run nothing, builds publish atomically, and a
// failed, timed-out or interrupted build leaves nothing in the cache.
#include "drivers/image/image_store.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include <nlohmann/json.hpp>

#include "drivers/image/sha256.hpp"
#include "harness/core/errors.hpp"
#include "unit/temp_dir.hpp"

namespace harness {
namespace {

namespace fs = std::filesystem;

// A build script that behaves like build-image.sh: OUT is the last argument.
std::string fake_script(const fs::path& counter, std::string_view body) {
  return "#!/bin/bash\nset -e\nfor out; do :; done\n"
         "printf '%s\\n' \"$*\" >>'" + counter.string() + "'\n"
         "echo '[image] step 1/1: fake build'\n" + std::string(body);
}

constexpr const char* kSucceed =
    "mkdir -p \"$out\"\n"
    "echo qcow > \"$out/root.qcow2\"; echo k > \"$out/vmlinuz\"; echo i > \"$out/initrd.img\"\n"
    "printf 'fio 3.33-3\\nlvm2 2.03.16-2\\nopen-iscsi 2.1.8-1\\n' > \"$out/manifest.txt\"\n"
    "echo 6.1.0-99-amd64 > \"$out/kernel-version\"\n"
    "echo 'root=/dev/vda rw console=ttyS0' > \"$out/cmdline\"\n"
    "touch \"$out/.build-ok\"\n";

class ImageStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    recipe_dir_ = tmp_.path() / "recipes" / "default";
    write_file(recipe_dir_ / "recipe.json", R"({"name": "default", "packages": ["fio"]})");
    cache_ = tmp_.path() / "cache";
    counter_ = tmp_.path() / "runs.txt";
  }
  ImageStore store(std::string_view body) {
    fs::path script = tmp_.path() / "build.sh";
    write_file(script, fake_script(counter_, body));
    return ImageStore(ImageStoreOptions{cache_, script, "/nonexistent", mirrors_});
  }
  int runs() {
    std::string s = read_text(counter_);
    return static_cast<int>(std::count(s.begin(), s.end(), '\n'));
  }
  // Everything in the cache but lock files.
  std::vector<std::string> cache_entries() {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(cache_, ec))
      if (!e.path().filename().string().starts_with(".lock-")) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }

  TempDir tmp_;
  fs::path recipe_dir_, cache_, counter_;
  std::vector<std::string> mirrors_{"deb http://deb.debian.org/debian bookworm main",
                                    "deb http://deb.debian.org/debian-security bookworm-security main"};
  std::unique_ptr<Clock> clock_ = make_system_clock();
};

TEST_F(ImageStoreTest, BuildPublishesTheImageUnderItsHashAndPassesTheMirrors) {
  auto s = store(kSucceed);
  Recipe r = load_recipe(recipe_dir_);
  std::vector<std::string> lines;
  ImageInfo info = s.build(r, [&](std::string_view l) { lines.emplace_back(l); },
                           Deadline::after(*clock_, 30));
  const std::string h = s.hash(r);
  EXPECT_EQ(info.hash, h);
  EXPECT_EQ(info.dir, cache_ / ("default-" + h.substr(0, 12)));
  EXPECT_EQ(info.disk, info.dir / "root.qcow2");
  EXPECT_TRUE(fs::is_regular_file(info.disk));
  EXPECT_EQ(info.cmdline, "root=/dev/vda rw console=ttyS0");
  EXPECT_EQ(cache_entries(), std::vector<std::string>{info.dir.filename().string()});
  EXPECT_NE(std::find(lines.begin(), lines.end(), "[image] step 1/1: fake build"), lines.end());
  // The script got the mirrors as --mirror options, then the recipe and a temporary OUT.
  std::string args = read_text(counter_);
  EXPECT_NE(args.find("--mirror deb http://deb.debian.org/debian bookworm main --mirror deb "
                      "http://deb.debian.org/debian-security bookworm-security main " +
                      fs::canonical(recipe_dir_).string() + " " + cache_.string() + "/.tmp-default-"),
            std::string::npos)
      << args;
  auto meta = nlohmann::json::parse(read_text(info.dir / "image.json"));
  EXPECT_EQ(meta["hash"], h);
  EXPECT_EQ(meta["kernel_version"], "6.1.0-99-amd64");
  ASSERT_TRUE(s.find(r));
  EXPECT_EQ(s.find(r)->dir, info.dir);
}

TEST_F(ImageStoreTest, SecondBuildIsACacheHitThatRunsNothing) {
  auto s = store(kSucceed);
  Recipe r = load_recipe(recipe_dir_);
  s.build(r, {}, Deadline::after(*clock_, 30));
  ASSERT_EQ(runs(), 1);
  std::string said;
  auto t0 = std::chrono::steady_clock::now();
  ImageInfo info = s.build(r, [&](std::string_view l) { said += l; }, Deadline::after(*clock_, 30));
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(1));
  EXPECT_EQ(runs(), 1);
  EXPECT_NE(said.find("cache hit"), std::string::npos);
  EXPECT_TRUE(fs::exists(info.disk));
}

TEST_F(ImageStoreTest, PrecreatedImageIsFoundWithoutRunningTheScript) {
  auto s = store("exit 1\n");
  Recipe r = load_recipe(recipe_dir_);
  const std::string h = s.hash(r);
  fs::path dir = cache_ / ("default-" + h.substr(0, 12));
  write_file(dir / "root.qcow2", "q");
  write_file(dir / ".build-ok", "");
  write_file(dir / "image.json", nlohmann::json{{"hash", h}, {"recipe", "default"}}.dump());
  auto t0 = std::chrono::steady_clock::now();
  ImageInfo info = s.build(r, {}, Deadline::after(*clock_, 30));
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(1));
  EXPECT_EQ(info.dir, dir);
  EXPECT_FALSE(fs::exists(counter_));  // nothing ran
  // A directory with the right name but another full hash (prefix collision) is not a hit.
  write_file(dir / "image.json", nlohmann::json{{"hash", std::string(64, '0')}}.dump());
  EXPECT_FALSE(s.find(r));
}

TEST_F(ImageStoreTest, RecipeChangeMeansANewImage) {
  auto s = store(kSucceed);
  ImageInfo a = s.build(load_recipe(recipe_dir_), {}, Deadline::after(*clock_, 30));
  write_file(recipe_dir_ / "recipe.json", R"({"name": "default", "packages": ["fio", "lvm2"]})");
  ImageInfo b = s.build(load_recipe(recipe_dir_), {}, Deadline::after(*clock_, 30));
  EXPECT_NE(a.dir, b.dir);
  EXPECT_EQ(runs(), 2);
  EXPECT_EQ(s.list().size(), 2u);
}

TEST_F(ImageStoreTest, FailedBuildLeavesNoTemporaryDirectoryAndSaysWhy) {
  auto s = store("mkdir -p \"$out/rootfs/etc\"; echo half > \"$out/root.qcow2\"\n"
                 "echo '[image] error: mmdebstrap failed'; exit 3\n");
  Recipe r = load_recipe(recipe_dir_);
  try {
    s.build(r, {}, Deadline::after(*clock_, 30));
    FAIL() << "no exception";
  } catch (const LabError& e) {
    EXPECT_NE(std::string(e.what()).find("mmdebstrap failed"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("exit 3"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(cache_entries().empty());
  EXPECT_FALSE(s.find(r));
}

TEST_F(ImageStoreTest, ZeroExitWithoutCompletionMarkIsAFailure) {
  auto s = store("mkdir -p \"$out\"; echo q > \"$out/root.qcow2\"\n");
  EXPECT_THROW(s.build(load_recipe(recipe_dir_), {}, Deadline::after(*clock_, 30)), LabError);
  EXPECT_TRUE(cache_entries().empty());
}

TEST_F(ImageStoreTest, StopRequestKillsTheBuildAndCleansUp) {
  auto s = store("mkdir -p \"$out/rootfs\"; sleep 30\n");
  std::stop_source stop;
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    stop.request_stop();
  });
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_THROW(s.build(load_recipe(recipe_dir_), {}, Deadline::after(*clock_, 60, stop.get_token())),
               Interrupted);
  stopper.join();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(10));
  EXPECT_TRUE(cache_entries().empty());
}

TEST_F(ImageStoreTest, DeadlineKillsTheBuildAndCleansUp) {
  auto s = store("mkdir -p \"$out/rootfs\"; sleep 30\n");
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_THROW(s.build(load_recipe(recipe_dir_), {}, Deadline::after(*clock_, 0.5)), TimeoutError);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(10));
  EXPECT_TRUE(cache_entries().empty());
}

TEST_F(ImageStoreTest, ConcurrentBuildsOfOneRecipeRunTheScriptOnce) {
  auto s = store(std::string("sleep 1\n") + kSucceed);
  Recipe r = load_recipe(recipe_dir_);
  ImageInfo a, b;
  std::thread t1([&] { a = s.build(r, {}, Deadline::after(*clock_, 30)); });
  std::thread t2([&] { b = s.build(r, {}, Deadline::after(*clock_, 30)); });
  t1.join();
  t2.join();
  EXPECT_EQ(runs(), 1);
  EXPECT_EQ(a.dir, b.dir);
  EXPECT_TRUE(fs::exists(a.disk));
}

TEST_F(ImageStoreTest, StaleTemporaryDirectoriesOfDeadBuildsAreRemoved) {
  pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ::waitpid(child, nullptr, 0);  // a pid that is certainly not building anything now
  auto s = store(kSucceed);
  fs::path dead = cache_ / (".tmp-other-0123456789ab-" + std::to_string(child));
  fs::path alive = cache_ / (".tmp-other-0123456789ab-" + std::to_string(::getpid()));
  fs::path foreign = cache_ / ".tmp-not-a-build";
  write_file(dead / "rootfs" / "etc" / "x", "x");
  write_file(alive / "x", "x");
  write_file(foreign / "x", "x");
  EXPECT_EQ(s.remove_stale_tmp(), 1u);
  EXPECT_FALSE(fs::exists(dead));
  EXPECT_TRUE(fs::exists(alive));
  EXPECT_TRUE(fs::exists(foreign));
}

TEST_F(ImageStoreTest, ListReadsManifestsAndSkipsIncompleteImages) {
  auto s = store(kSucceed);
  ImageInfo info = s.build(load_recipe(recipe_dir_), {}, Deadline::after(*clock_, 30));
  write_file(cache_ / "half-0123456789ab" / "root.qcow2", "no build-ok");
  fs::path other = cache_ / "old-aaaaaaaaaaaa";
  write_file(other / "root.qcow2", std::string(1000, 'q'));
  write_file(other / "manifest.txt", "a 1\nb 2\n\n");
  write_file(other / "kernel-version", "6.1.0-50-amd64\n");
  write_file(other / ".build-ok", "");
  auto l = s.list();
  ASSERT_EQ(l.size(), 2u);
  EXPECT_EQ(l[0].info.recipe, "default");
  EXPECT_EQ(l[0].info.hash, info.hash);
  EXPECT_EQ(l[0].package_count, 3u);
  EXPECT_EQ(l[0].kernel_version, "6.1.0-99-amd64");
  EXPECT_GT(l[0].created_unix, 1'600'000'000);
  EXPECT_EQ(l[1].info.recipe, "old");  // no image.json: from the directory name
  EXPECT_EQ(l[1].info.hash, "aaaaaaaaaaaa");
  EXPECT_EQ(l[1].package_count, 2u);
  EXPECT_EQ(l[1].kernel_version, "6.1.0-50-amd64");
  EXPECT_GE(l[1].size_bytes, 1000u);
}

// A recipe built from an SCST source (drivers/image/build_source.hpp), with fake builds.
class ImageStoreSourceTest : public ImageStoreTest {
 protected:
  void SetUp() override {
    ImageStoreTest::SetUp();
    scst_dir_ = tmp_.path() / "recipes" / "scst";
    write_file(scst_dir_ / "recipe.json",
               R"({"name": "scst", "base": "../default", "build_sources": ["scst"]})");
    tarball_ = tmp_.path() / "src" / "scst-aa5cc2dd.tar.xz";
    write_file(tarball_, "source A");
  }
  std::vector<BuildSource> sources() {
    return resolve_build_sources(load_recipe(scst_dir_), {{"scst", tarball_}});
  }
  nlohmann::json meta(const ImageInfo& info) {
    return nlohmann::json::parse(read_text(info.dir / "image.json"));
  }

  // What the SCST hook reports, and what the script saw of the source.
  static constexpr const char* kReports =
      "echo \"$HARNESS_SOURCE_SCST $HARNESS_SOURCE_SCST_SHA256\" > \"$out/source-seen\"\n"
      "echo '[image]   harness-image-fact scst.version 3.11.0-pre'\n"
      "echo '[image]   harness-image-fact scst.modules iscsi_scst scst scst_vdisk'\n"
      "echo '[image]   harness-image-manifest scst 3.11.0-pre+gitaa5cc2dd70f9'\n";

  fs::path scst_dir_, tarball_;
};

TEST_F(ImageStoreSourceTest, TheImageIsNamedByRecipeAndSourceAndRecordsBoth) {
  auto s = store(std::string(kSucceed) + kReports);
  Recipe r = load_recipe(scst_dir_);
  auto src = sources();
  ImageInfo info = s.build(r, src, {}, Deadline::after(*clock_, 30));
  const std::string rh = s.hash(r);
  EXPECT_EQ(info.hash, image_hash(rh, src));
  EXPECT_EQ(info.hash, s.hash(r, src));
  EXPECT_NE(info.hash, rh);
  EXPECT_EQ(info.dir, cache_ / ("scst-" + info.hash.substr(0, 12)));
  // The script's environment carried the source's path and hash (for the recipe's hook).
  EXPECT_EQ(read_text(info.dir / "source-seen"), tarball_.string() + " " + src[0].sha256 + "\n");
  auto m = meta(info);
  EXPECT_EQ(m["recipe_hash"], rh);
  EXPECT_EQ(m["sources"]["scst"]["sha256"], sha256_hex("source A"));
  EXPECT_EQ(m["sources"]["scst"]["kind"], "tarball");
  EXPECT_EQ(m["sources"]["scst"]["path"], tarball_.string());
  EXPECT_EQ(m["facts"]["scst.version"], "3.11.0-pre");
  EXPECT_EQ(m["facts"]["scst.modules"], "iscsi_scst scst scst_vdisk");
  EXPECT_EQ(read_text(info.manifest),
            "fio 3.33-3\nlvm2 2.03.16-2\nopen-iscsi 2.1.8-1\nscst 3.11.0-pre+gitaa5cc2dd70f9\n");
  auto l = s.list();
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(l[0].sources.at("scst"), src[0].sha256);
  EXPECT_EQ(l[0].package_count, 4u);
}

TEST_F(ImageStoreSourceTest, TheSourcesContentDecidesTheImage) {
  auto s = store(kSucceed);
  Recipe r = load_recipe(scst_dir_);
  ImageInfo a = s.build(r, sources(), {}, Deadline::after(*clock_, 30));
  ASSERT_EQ(runs(), 1);
  // Same content elsewhere, with another time: the same image, a cache hit.
  fs::path moved = tmp_.path() / "other" / "scst.tar.xz";
  fs::create_directories(moved.parent_path());
  fs::copy_file(tarball_, moved);
  ImageInfo same = s.build(r, resolve_build_sources(r, {{"scst", moved}}), {}, Deadline::after(*clock_, 30));
  EXPECT_EQ(same.dir, a.dir);
  EXPECT_EQ(runs(), 1);
  // Other content: another image beside the first.
  write_file(tarball_, "source B");
  ImageInfo b = s.build(r, sources(), {}, Deadline::after(*clock_, 30));
  EXPECT_NE(b.dir, a.dir);
  EXPECT_EQ(runs(), 2);
  EXPECT_TRUE(fs::exists(a.disk));
}

TEST_F(ImageStoreSourceTest, FindByNameReturnsTheNewestImageOfTheRecipeAsItIsNow) {
  auto s = store(kSucceed);
  Recipe r = load_recipe(scst_dir_);
  EXPECT_FALSE(s.find(r));
  ImageInfo a = s.build(r, sources(), {}, Deadline::after(*clock_, 30));
  write_file(tarball_, "source B");
  ImageInfo b = s.build(r, sources(), {}, Deadline::after(*clock_, 30));
  // Without the source (as a lab looks it up): the newest of the two, whichever name it has.
  for (const auto& [older, newer] : {std::pair{a, b}, std::pair{b, a}}) {
    auto m = meta(older);
    m["created_unix"] = 1'700'000'000;
    write_file(older.dir / "image.json", m.dump());
    m = meta(newer);
    m["created_unix"] = 1'800'000'000;
    write_file(newer.dir / "image.json", m.dump());
    auto found = s.find(r);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->dir, newer.dir);
    EXPECT_EQ(found->hash, newer.hash);
  }
  // An image whose record does not add up to its name is not taken.
  auto m = meta(a);
  m["sources"]["scst"]["sha256"] = std::string(64, '0');
  write_file(a.dir / "image.json", m.dump());
  ASSERT_TRUE(s.find(r));
  EXPECT_EQ(s.find(r)->dir, b.dir);
  // A changed recipe is another image: the old builds no longer answer for it.
  write_file(scst_dir_ / "recipe.json",
             R"({"name": "scst", "base": "../default", "build_sources": ["scst"], "packages": ["perl"]})");
  EXPECT_FALSE(s.find(load_recipe(scst_dir_)));
  // A recipe without sources is found by its hash alone, as before.
  ImageInfo d = s.build(load_recipe(recipe_dir_), {}, Deadline::after(*clock_, 30));
  ASSERT_TRUE(s.find(load_recipe(recipe_dir_)));
  EXPECT_EQ(s.find(load_recipe(recipe_dir_))->dir, d.dir);
}

TEST_F(ImageStoreSourceTest, WrongSourcesAreUsageErrorsBeforeAnythingRuns) {
  auto s = store(kSucceed);
  try {
    s.build(load_recipe(scst_dir_), {}, Deadline::after(*clock_, 30));
    FAIL() << "no exception";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("image recipe scst"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("--with-scst"), std::string::npos) << e.what();
  }
  EXPECT_THROW(s.build(load_recipe(recipe_dir_), sources(), {}, Deadline::after(*clock_, 30)),
               UsageError);
  EXPECT_FALSE(fs::exists(counter_));  // nothing ran
  EXPECT_TRUE(cache_entries().empty());
}

TEST_F(ImageStoreSourceTest, ASourceChangedDuringTheBuildFailsIt) {
  auto s = store(std::string(kSucceed) + "echo more >> \"$HARNESS_SOURCE_SCST\"\n");
  try {
    s.build(load_recipe(scst_dir_), sources(), {}, Deadline::after(*clock_, 30));
    FAIL() << "no exception";
  } catch (const LabError& e) {
    EXPECT_NE(std::string(e.what()).find("changed during the build"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(cache_entries().empty());
}

TEST_F(ImageStoreTest, ARecipeWithoutSourcesKeepsItsRecipeHashAsName) {
  auto s = store(kSucceed);
  Recipe r = load_recipe(recipe_dir_);
  EXPECT_EQ(s.hash(r, {}), s.hash(r));
  EXPECT_EQ(s.hash(r), recipe_hash(r, tmp_.path() / "build.sh", mirrors_));
  ImageInfo info = s.build(r, {}, Deadline::after(*clock_, 30));
  EXPECT_EQ(info.dir.filename(), "default-" + recipe_hash(r, tmp_.path() / "build.sh", mirrors_).substr(0, 12));
  auto m = nlohmann::json::parse(read_text(info.dir / "image.json"));
  EXPECT_EQ(m["recipe_hash"], m["hash"]);
  EXPECT_FALSE(m.contains("sources"));
  EXPECT_FALSE(m.contains("facts"));
}

TEST(ImageStoreDefaults, CacheDirFromEnvironment) {
  ::setenv("HARNESS_IMAGE_DIR", "/tmp/somewhere-else", 1);
  EXPECT_EQ(ImageStore::default_cache_dir(), "/tmp/somewhere-else");
  EXPECT_EQ(ImageStore().cache_dir(), "/tmp/somewhere-else");
  ::unsetenv("HARNESS_IMAGE_DIR");
  EXPECT_EQ(ImageStore::default_cache_dir(), "/var/lib/harness/images");
  EXPECT_TRUE(fs::is_regular_file(ImageStore::default_build_script()));
}

}  // namespace
}  // namespace harness
