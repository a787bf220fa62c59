#pragma once
// Deleting a build directory that may still hold mounts: a killed mmdebstrap can leave the host's
// /proc, /sys or /dev mounted inside its chroot, and a naive recursive delete would then reach into
// the host. So: detach every mount under the directory first, and never cross a filesystem.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace harness {

// Mount points strictly under `dir` listed in a /proc/self/mountinfo text (octal escapes such as
// \040 decoded), deepest first.
std::vector<std::string> mounts_under(std::string_view mountinfo, const std::filesystem::path& dir);

// Lazily unmounts what is mounted under `dir`, then deletes `dir` without leaving its filesystem.
// Returns true if `dir` is gone (or never existed); false if something could not be removed.
bool remove_tree_safely(const std::filesystem::path& dir);

}  // namespace harness
