// The `harness image list` table.
#include "drivers/image/image_table.hpp"

#include <gtest/gtest.h>

namespace harness {
namespace {

TEST(ImageTable, RowsCarryNameHashSizeDatePackagesKernel) {
  ImageListing l;
  l.info.recipe = "default";
  l.info.hash = "33c2d78b9552aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  l.info.dir = "/var/lib/harness/images/default-33c2d78b9552";
  l.size_bytes = 766574592;
  l.created_unix = 1'700'000'000;  // 2023-11-14 22:13 UTC
  l.package_count = 324;
  l.kernel_version = "6.1.0-56-amd64";
  std::string t = format_image_table({l}, "/var/lib/harness/images");
  EXPECT_NE(t.find("NAME"), std::string::npos);
  std::string row = t.substr(t.find('\n') + 1);
  EXPECT_NE(row.find("default "), std::string::npos) << row;
  EXPECT_NE(row.find(" 33c2d78b9552 "), std::string::npos) << row;  // 12 digits, not 64
  EXPECT_EQ(row.find("33c2d78b9552a"), std::string::npos) << row;
  EXPECT_NE(row.find("731.1 MiB"), std::string::npos) << row;
  EXPECT_NE(row.find("2023-11-14 22:13"), std::string::npos) << row;
  EXPECT_NE(row.find(" 324 "), std::string::npos) << row;
  EXPECT_NE(row.find("6.1.0-56-amd64"), std::string::npos) << row;
}

TEST(ImageTable, EmptyCacheSaysWhereItLooked) {
  EXPECT_EQ(format_image_table({}, "/x/images"), "no images in /x/images\n");
}

TEST(ImageTable, HumanBytes) {
  EXPECT_EQ(human_bytes(0), "0 B");
  EXPECT_EQ(human_bytes(1023), "1023 B");
  EXPECT_EQ(human_bytes(1536), "1.5 KiB");
  EXPECT_EQ(human_bytes(3ull << 30), "3.0 GiB");
}

}  // namespace
}  // namespace harness
