#include "harness/core/data_dir.hpp"

#include <cstdlib>
#include <vector>

#include <fmt/format.h>

#include "harness/core/errors.hpp"

// CMake (cmake/install.cmake) gives this one file the layout it installs and the trees it built
// from; nothing else in the binary knows where the source is.
#if !defined(HARNESS_DATA_FROM_BIN) || !defined(HARNESS_BUILD_TREE) || !defined(HARNESS_SOURCE_TREE)
#error "data_dir.cpp needs HARNESS_DATA_FROM_BIN, HARNESS_BUILD_TREE and HARNESS_SOURCE_TREE (cmake/install.cmake)"
#endif

namespace harness {

namespace fs = std::filesystem;

namespace {

bool is_dir(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(p, ec);
}

// Whether `path` lies inside `tree` (both taken as they are: the caller resolves symlinks).
bool is_inside(const fs::path& path, const fs::path& tree) {
  if (tree.empty()) return false;
  const fs::path rel = path.lexically_normal().lexically_relative(tree.lexically_normal());
  return !rel.empty() && *rel.begin() != "..";
}

}  // namespace

DataDirInputs process_data_dir_inputs() {
  DataDirInputs in;
  if (const char* env = std::getenv(kDataDirEnv); env && *env) in.env = env;
  std::error_code ec;
  in.exe = fs::read_symlink("/proc/self/exe", ec);
  in.exe_to_data = HARNESS_DATA_FROM_BIN;
  // Canonical, so a build directory reached through a symlink still counts as the build tree.
  in.build_tree = fs::weakly_canonical(HARNESS_BUILD_TREE, ec);
  if (ec) in.build_tree = HARNESS_BUILD_TREE;
  in.source_tree = HARNESS_SOURCE_TREE;
  return in;
}

fs::path find_data_dir(const DataDirInputs& in) {
  if (in.env) {
    if (is_dir(*in.env)) return fs::path(*in.env);
    throw LabError(fmt::format("data directory {} (from {}) does not exist; point {} at the "
                               "failover-harness data directory (share/failover-harness)",
                               *in.env, kDataDirEnv, kDataDirEnv));
  }
  std::vector<std::string> looked;
  if (!in.exe.empty()) {
    const fs::path beside = (in.exe.parent_path() / in.exe_to_data).lexically_normal();
    if (is_dir(beside)) return beside;
    looked.push_back(fmt::format("{} (beside {})", beside.string(), in.exe.string()));
  }
  if (is_inside(in.exe, in.build_tree)) {
    if (is_dir(in.source_tree)) return in.source_tree;
    looked.push_back(fmt::format("{} (the source tree of the build tree {})",
                                 in.source_tree.string(), in.build_tree.string()));
  }
  std::string where;
  for (const auto& l : looked) where += "\n  " + l;
  if (where.empty()) where = "\n  (nowhere: the binary's own path is unknown)";
  throw LabError(fmt::format("no data directory (guest scripts, image recipes, scenarios); "
                             "looked in:{}\n{} is unset; set it to the installed "
                             "share/failover-harness directory",
                             where, kDataDirEnv));
}

fs::path data_dir() { return find_data_dir(process_data_dir_inputs()); }

fs::path data_path(const fs::path& relative) { return data_dir() / relative; }

fs::path find_built_file(const DataDirInputs& in, const fs::path& relative) {
  std::error_code ec;
  std::vector<std::string> looked;
  try {
    const fs::path p = find_data_dir(in) / relative;
    if (fs::is_regular_file(p, ec)) return p;
    looked.push_back(p.string());
  } catch (const LabError&) {
    looked.push_back("(no data directory)");
  }
  if (is_inside(in.exe, in.build_tree)) {
    const fs::path p = in.build_tree / relative;
    if (fs::is_regular_file(p, ec)) return p;
    looked.push_back(p.string() + " (the build tree)");
  }
  std::string where;
  for (const auto& l : looked) where += "\n  " + l;
  throw LabError(fmt::format("{} not found (it is built with the harness); looked in:{}",
                             relative.string(), where));
}

fs::path built_file_path(const fs::path& relative) {
  return find_built_file(process_data_dir_inputs(), relative);
}

}  // namespace harness
