#pragma once
// Writing a report file whole or not at all: CI may pick up junit.xml while a long matrix is
// still running, and a half-written file there reads as a broken build.
#include <filesystem>
#include <string_view>

namespace harness {

// Creates the parent directories, writes `content` to a temporary file beside `path` and renames
// it over `path`. Throws harness::Error naming the file on any failure.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace harness
