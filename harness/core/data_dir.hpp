#pragma once
// The data directory: the files the harness ships beside its binary (the guest scripts and the
// OCF agent under drivers/, the image recipes and build script under vm-images/, the scenario
// catalogue under scenarios/), in the same relative layout as the source tree. This module alone
// decides where it is, so the binary can move: looked up in this order
//   1. $HARNESS_DATA_DIR, if set (and then only there: an explicit choice is never second-guessed);
//   2. beside the binary: <dir of /proc/self/exe>/../share/failover-harness (the installed layout);
//   3. the source tree, for a binary inside the build tree it was compiled in (build/harness, the
//      unit tests), which is how a checkout runs without installing.
#include <filesystem>
#include <optional>
#include <string>

namespace harness {

inline constexpr const char* kDataDirEnv = "HARNESS_DATA_DIR";

// Everything the lookup reads, gathered apart from it so a test can pose any situation.
struct DataDirInputs {
  std::optional<std::string> env;      // $HARNESS_DATA_DIR (unset or empty: nullopt)
  std::filesystem::path exe;           // the running binary, symlinks resolved
  std::filesystem::path exe_to_data;   // from the binary's folder, e.g. ../share/failover-harness
  std::filesystem::path build_tree;    // a binary under here is a build-tree binary, which...
  std::filesystem::path source_tree;   // ...reads the source tree
};

// This process's inputs: the environment, /proc/self/exe and the paths CMake compiled in.
DataDirInputs process_data_dir_inputs();

// The data directory for `in`. Throws LabError naming every place looked at and HARNESS_DATA_DIR.
std::filesystem::path find_data_dir(const DataDirInputs& in);

// find_data_dir(process_data_dir_inputs()), looked up afresh on each call (a few stat calls).
std::filesystem::path data_dir();

// data_dir() / relative, e.g. data_path("vm-images/build-image.sh").
std::filesystem::path data_path(const std::filesystem::path& relative);

// A file the build makes for the data directory (the ledger's guest program,
// drivers/ledger/harness-ledger): <data dir>/relative where it exists; else, for a build-tree
// binary, <build tree>/relative (CMake builds it there). Throws LabError naming where it looked.
std::filesystem::path find_built_file(const DataDirInputs& in, const std::filesystem::path& relative);

// find_built_file(process_data_dir_inputs(), relative).
std::filesystem::path built_file_path(const std::filesystem::path& relative);

}  // namespace harness
