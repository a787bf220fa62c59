// The hooks' reports on the build output: read where build-image.sh indents them, nothing else
// taken for one, and manifest lines merged as dpkg's are sorted.
#include "drivers/image/build_facts.hpp"

#include <gtest/gtest.h>

#include "unit/temp_dir.hpp"

namespace harness {
namespace {

TEST(BuildFacts, ReadsReportsBehindTheBuildScriptsIndentation) {
  BuildFacts f;
  f.read_line("[image]   harness-image-fact scst.version 3.11.0-pre");
  f.read_line("harness-image-fact scst.modules iscsi_scst scst scst_vdisk");
  f.read_line("[image]   harness-image-manifest scst 3.11.0-pre+gitaa5cc2dd70f9");
  f.read_line("[image] step 2/7: mmdebstrap");
  f.read_line("[image]   scst: module /lib/modules/6.1.0-57-amd64/extra/scst.ko");
  EXPECT_EQ(f.facts.size(), 2u);
  EXPECT_EQ(f.facts["scst.version"], "3.11.0-pre");
  EXPECT_EQ(f.facts["scst.modules"], "iscsi_scst scst scst_vdisk");
  ASSERT_EQ(f.manifest.size(), 1u);
  EXPECT_EQ(f.manifest[0].first, "scst");
  EXPECT_EQ(f.manifest[0].second, "3.11.0-pre+gitaa5cc2dd70f9");
}

TEST(BuildFacts, MalformedReportsAreIgnored) {
  BuildFacts f;
  f.read_line("harness-image-fact Bad.Key value");
  f.read_line("harness-image-fact scst.version");                   // no value
  f.read_line("harness-image-manifest scst");                       // no version
  f.read_line("harness-image-manifest scst two words");             // not "package version"
  f.read_line("echo harness-image-fact scst.version 1");            // not at the start
  EXPECT_TRUE(f.facts.empty());
  EXPECT_TRUE(f.manifest.empty());
}

TEST(BuildFacts, ManifestLinesAreAddedSortedAndDpkgWins) {
  TempDir tmp;
  auto m = tmp.path() / "manifest.txt";
  write_file(m, "fio 3.33-3\nsg3-utils 1.46-3\nzstd 1.5.4\n");
  add_to_manifest(m, {{"scst", "3.11.0-pre+gitaa5cc2dd70f9"}, {"fio", "9.9"}});
  EXPECT_EQ(read_text(m), "fio 3.33-3\nscst 3.11.0-pre+gitaa5cc2dd70f9\nsg3-utils 1.46-3\nzstd 1.5.4\n");
  const std::string before = read_text(m);
  add_to_manifest(m, {});
  EXPECT_EQ(read_text(m), before);
}

}  // namespace
}  // namespace harness
