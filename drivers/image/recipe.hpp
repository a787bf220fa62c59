#pragma once
// An image recipe: a directory with recipe.json (+ hooks/, files/), optionally derived from a
// base recipe ("base": "../default"). The image is named by recipe_hash(): every byte that can
// change what build-image.sh produces goes into it, so the same hash means the same inputs.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace harness {

struct Recipe {
  std::string name;                         // "default"; used in cache directory names
  std::string suite;                        // "bookworm"
  std::string cmdline;                      // kernel command line without per-node parts
  std::filesystem::path dir;                // canonical path of the recipe directory
  std::vector<std::filesystem::path> chain; // base recipes first, `dir` last
  // Sources the user must give to build it ("build_sources": ["scst"], inherited from the
  // base chain; drivers/image/build_source.hpp); empty for a recipe of Debian packages only.
  std::vector<std::string> build_sources;
};

// Reads <dir>/recipe.json and its base chain. Throws UsageError naming the file and the problem
// (missing, not JSON, bad name, base cycle, unknown build source).
Recipe load_recipe(const std::filesystem::path& dir);

// "default" → <data_root>/vm-images/default; anything with a '/' (or an existing directory)
// is taken as a path. Throws UsageError if there is no recipe.json there.
std::filesystem::path resolve_recipe_dir(std::string_view name_or_path,
                                         const std::filesystem::path& data_root);
// The same in the harness's data directory (harness/core/data_dir.hpp), looked up only for a
// name, so a recipe given as a path works without one.
std::filesystem::path resolve_recipe_dir(std::string_view name_or_path);

// SHA-256 over: every regular file (sorted relative path, size, content) of every recipe in the
// chain, the build script, and the mirror lines. Symlinks count by their target text.
std::string recipe_hash(const Recipe& recipe, const std::filesystem::path& build_script,
                        const std::vector<std::string>& mirrors);

}  // namespace harness
