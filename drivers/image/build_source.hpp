#pragma once
// Sources a recipe builds from that Debian does not ship (SCST: docs/SCST.md). A recipe lists
// them in "build_sources"; the user gives each one's path (`harness image build scst
// --with-scst PATH`); the build script's hooks find it in the environment. The image's name
// then hashes the recipe and each source's content, so another source is another image.
#include <filesystem>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/image/recipe.hpp"

namespace harness {

// One kind of source a recipe may ask for. The table (source_kinds) is the only place that
// names it: the CLI declares `option` from it, errors quote it, the build passes the path in
// `env` and the content's SHA-256 in `env`_SHA256.
struct SourceKind {
  std::string_view name;    // "scst": the word in a recipe's "build_sources"
  std::string_view option;  // "--with-scst"
  std::string_view env;     // "HARNESS_SOURCE_SCST"
  std::string_view what;    // what to give, for --help and errors
  std::string_view marker;  // a file every source tree of this kind has (relative path)
};

std::span<const SourceKind> source_kinds();
// nullptr if `name` is not a known kind.
const SourceKind* find_source_kind(std::string_view name);

// A source as read for one build.
struct BuildSource {
  std::string name;             // the kind's name
  std::filesystem::path path;   // absolute
  bool directory = false;       // a source tree; else a tarball
  std::string sha256;           // tarball: of its bytes; tree: source_tree_hash()
};

// Reads the source of kind `name` at `path`: a tarball (.tar.xz, .tar.gz, .tgz, .tar) or a
// directory holding the kind's marker file. Throws UsageError naming the option, the path and
// what was expected (missing, unreadable, another file type, a tree without the marker).
BuildSource read_build_source(const SourceKind& kind, const std::filesystem::path& path);

// SHA-256 over a source tree: every regular file and symlink (sorted relative path, then
// content or link target), without version-control metadata (.git, .svn, .hg): the same
// checkout hashes alike wherever it lives and whatever its timestamps.
std::string source_tree_hash(const std::filesystem::path& dir);

// The sources for building `recipe` from the paths the user gave (kind name → path). Throws
// UsageError when the recipe needs a source not given ("image recipe scst builds scst from a
// source you give: add --with-scst PATH ..."), or a source is given that the recipe does not
// build from (refused rather than ignored: an image without the source the user meant to put
// in would only fail later, at deploy).
std::vector<BuildSource> resolve_build_sources(
    const Recipe& recipe, const std::map<std::string, std::filesystem::path>& given);

// The same check on sources already read (ImageStore::build guards with it).
void check_build_sources(const Recipe& recipe, const std::vector<BuildSource>& sources);

// The image's hash: the recipe hash alone for a recipe without sources (so adding this did not
// rename any existing image), else a hash over the recipe hash and each source's name and hash.
std::string image_hash(const std::string& recipe_hash, const std::vector<BuildSource>& sources);

// "harness image build scst --with-scst PATH": how to build the recipe's image.
std::string build_command_hint(const Recipe& recipe);

}  // namespace harness
