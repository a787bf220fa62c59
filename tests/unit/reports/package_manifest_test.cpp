// Image manifests as vm-images/build-image.sh writes them (dpkg-query "package version" lines),
// on the recorded manifest of the default bookworm image, and their diff.
#include <gtest/gtest.h>

#include <filesystem>

#include "harness/core/errors.hpp"
#include "reports/package_manifest.hpp"

namespace harness {
namespace {

TEST(PackageManifest, ReadsTheRecordedImageManifest) {
  // tests/data/compare/sources: the storage packages of manifest.txt of default-352c13631bbb.
  const auto m = read_manifest(std::filesystem::path(TEST_DATA_DIR) / "compare" / "sources" /
                               "default-352c13631bbb.manifest.txt");
  EXPECT_EQ(m.size(), 13u);
  EXPECT_EQ(m.at("pacemaker"), "2.1.5-1+deb12u1");
  EXPECT_EQ(m.at("targetcli-fb"), "1:2.1.53-1.1") << "an epoch is part of the version";
}

TEST(PackageManifest, AMalformedLineNamesTheFileAndLine) {
  try {
    parse_manifest("corosync 3.1.7-1\n\npacemaker\n", "m.txt");
    FAIL() << "accepted a line without a version";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "m.txt:3: expected \"package version\", found \"pacemaker\"");
  }
  EXPECT_THROW(parse_manifest("a 1 extra\n", "m.txt"), Error);
  EXPECT_THROW(read_manifest("/nonexistent/manifest.txt"), Error);
}

TEST(PackageManifest, DiffListsChangedAddedAndRemovedInPackageOrder) {
  const auto a = parse_manifest("corosync 3.1.7\nlinux-image-6.1 6.1.1\npacemaker 2.1.5\nsame 1\n", "a");
  const auto b = parse_manifest("pacemaker 3.0.1\nsame 1\ncorosync 3.1.9\nlinux-image-6.12 6.12.5\n", "b");
  const ManifestDiff d = diff_manifests(a, b);
  ASSERT_EQ(d.changed.size(), 2u);
  EXPECT_EQ(d.changed[0].package, "corosync");
  EXPECT_EQ(d.changed[1].package, "pacemaker");
  EXPECT_EQ(d.changed[1].from, "2.1.5");
  EXPECT_EQ(d.changed[1].to, "3.0.1");
  ASSERT_EQ(d.added.size(), 1u);
  EXPECT_EQ(d.added[0].package, "linux-image-6.12");
  ASSERT_EQ(d.removed.size(), 1u);
  EXPECT_EQ(d.removed[0].package, "linux-image-6.1");
  EXPECT_TRUE(diff_manifests(a, a).empty());
}

}  // namespace
}  // namespace harness
