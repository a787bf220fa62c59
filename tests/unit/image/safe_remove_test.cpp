// Removing a build directory must never reach through a mount into the host.
#include "drivers/image/safe_remove.hpp"

#include <sys/mount.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "unit/temp_dir.hpp"

namespace harness {
namespace {

namespace fs = std::filesystem;

TEST(SafeRemove, MountsUnderParsesMountinfoDeepestFirst) {
  const char* info =
      "22 1 0:21 / /proc rw - proc proc rw\n"
      "90 1 0:5 / /cache/.tmp-x-1/rootfs/dev rw - devtmpfs udev rw\n"
      "91 90 0:6 / /cache/.tmp-x-1/rootfs/dev/pts rw - devpts devpts rw\n"
      "92 1 0:7 / /cache/.tmp-x-1/root\\040fs/proc rw - proc proc rw\n"
      "93 1 0:8 / /cache/.tmp-x-10/rootfs/sys rw - sysfs sysfs rw\n"
      "94 1 0:9 / /cache/.tmp-x-1 rw - tmpfs tmpfs rw\n";
  EXPECT_EQ(mounts_under(info, "/cache/.tmp-x-1"),
            (std::vector<std::string>{"/cache/.tmp-x-1/rootfs/dev/pts", "/cache/.tmp-x-1/root fs/proc",
                                      "/cache/.tmp-x-1/rootfs/dev"}));
  EXPECT_EQ(mounts_under(info, "/cache/.tmp-x-1/").size(), 3u);
}

TEST(SafeRemove, RemovesPlainTrees) {
  TempDir tmp;
  fs::path d = tmp.path() / "build";
  write_file(d / "a" / "b" / "c", "x");
  fs::create_symlink("/etc/passwd", d / "a" / "link");
  EXPECT_TRUE(remove_tree_safely(d));
  EXPECT_FALSE(fs::exists(d));
  EXPECT_TRUE(fs::exists("/etc/passwd"));  // symlinks are removed, not followed
  EXPECT_TRUE(remove_tree_safely(d));      // absent is fine
}

TEST(SafeRemove, DoesNotDeleteThroughABindMount) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to bind-mount";
  TempDir host, build;
  write_file(host.path() / "precious", "keep me");
  fs::path mnt = build.path() / "out" / "rootfs" / "dev";
  fs::create_directories(mnt);
  if (::mount(host.path().c_str(), mnt.c_str(), nullptr, MS_BIND, nullptr) != 0)
    GTEST_SKIP() << "bind mount not permitted here";
  struct Unmount {  // whatever happens, no mount outlives the test
    fs::path p;
    ~Unmount() { ::umount2(p.c_str(), MNT_DETACH); }
  } unmount{mnt};
  ASSERT_TRUE(fs::exists(mnt / "precious"));
  EXPECT_TRUE(remove_tree_safely(build.path() / "out"));
  EXPECT_FALSE(fs::exists(build.path() / "out"));
  EXPECT_EQ(read_text(host.path() / "precious"), "keep me");
}

}  // namespace
}  // namespace harness
