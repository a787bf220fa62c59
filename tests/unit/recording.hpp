#pragma once
// Loads a tool output recorded in the lab (tests/data/tools/, see its README.md for the
// command, node and cluster state of each file).
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace harness::test {

inline std::string recording(const std::string& relative) {
  auto path = std::filesystem::path(HARNESS_SOURCE_DIR) / "tests/data/tools" / relative;
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "missing recording " << path;
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace harness::test
