// Build sources: which kinds exist, reading and hashing one, matching them to a recipe.
#include "drivers/image/build_source.hpp"

#include <algorithm>
#include <array>
#include <fstream>

#include <fmt/format.h>

#include "drivers/image/sha256.hpp"
#include "harness/core/errors.hpp"

namespace harness {

namespace fs = std::filesystem;

namespace {
constexpr std::array<SourceKind, 1> kKinds{{
    {"scst", "--with-scst", "HARNESS_SOURCE_SCST",
     "an SCST source: a tarball (.tar.xz, .tar.gz, .tgz, .tar) or a source directory",
     "scst/include/scst_const.h"},
}};

constexpr std::array<std::string_view, 4> kTarballSuffixes{".tar.xz", ".tar.gz", ".tgz", ".tar"};

bool is_vcs_dir(const fs::path& p) {
  const auto n = p.filename().string();
  return n == ".git" || n == ".svn" || n == ".hg";
}

// Hashes a file's bytes in 1 MiB pieces (a tarball can be large).
void feed_file(Sha256& h, const fs::path& file, const SourceKind* kind) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    throw UsageError(kind ? fmt::format("{} {}: cannot read it (expected {})", kind->option,
                                        file.string(), kind->what)
                          : fmt::format("{}: cannot read", file.string()));
  std::string buf(1u << 20, '\0');
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    h.update(buf.data(), static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad())
    throw UsageError(fmt::format("{}: read error", file.string()));
}

// Length-prefixed, as recipe_hash does, so that no two different trees serialise alike.
void feed(Sha256& h, std::string_view tag, std::string_view data) {
  h.update(fmt::format("{} {}\n", tag, data.size()));
  h.update(data);
  h.update("\n");
}

}  // namespace

std::span<const SourceKind> source_kinds() { return kKinds; }

const SourceKind* find_source_kind(std::string_view name) {
  for (const auto& k : kKinds)
    if (k.name == name) return &k;
  return nullptr;
}

std::string source_tree_hash(const fs::path& dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    // The entry itself, not what a symlink points to: a dangling link is content too.
    std::error_code entry_ec;
    const auto st = it->symlink_status(entry_ec);
    if (fs::is_directory(st) && is_vcs_dir(it->path())) {
      it.disable_recursion_pending();
      continue;
    }
    if (fs::is_symlink(st) || fs::is_regular_file(st)) files.push_back(it->path());
  }
  if (ec) throw UsageError(fmt::format("{}: cannot list: {}", dir.string(), ec.message()));
  auto rel = [&](const fs::path& p) { return p.lexically_relative(dir).generic_string(); };
  std::sort(files.begin(), files.end(), [&](const fs::path& a, const fs::path& b) { return rel(a) < rel(b); });
  Sha256 h;
  h.update("harness-source-tree v1\n");
  feed(h, "files", std::to_string(files.size()));
  for (const auto& f : files) {
    feed(h, "path", rel(f));
    if (fs::is_symlink(f)) {
      feed(h, "symlink", fs::read_symlink(f).string());
    } else {
      h.update(fmt::format("file {}\n", fs::file_size(f)));
      feed_file(h, f, nullptr);
      h.update("\n");
    }
  }
  return h.hex();
}

BuildSource read_build_source(const SourceKind& kind, const fs::path& path) {
  if (path.empty())
    throw UsageError(fmt::format("{}: empty path (expected {})", kind.option, kind.what));
  std::error_code ec;
  const auto st = fs::status(path, ec);
  if (!fs::exists(st) && (!ec || ec == std::errc::no_such_file_or_directory))
    throw UsageError(fmt::format("{} {}: no such file or directory (expected {})", kind.option,
                                 path.string(), kind.what));
  if (ec)  // a symlink loop, a directory on the way we may not search...
    throw UsageError(fmt::format("{} {}: cannot read it: {} (expected {})", kind.option,
                                 path.string(), ec.message(), kind.what));
  BuildSource s;
  s.name = std::string(kind.name);
  s.path = fs::absolute(path).lexically_normal();
  if (fs::is_directory(st)) {
    if (!fs::is_regular_file(path / kind.marker, ec))
      throw UsageError(fmt::format("{} {}: not an {} source tree (no {} in it)", kind.option,
                                   path.string(), kind.name, kind.marker));
    s.directory = true;
    s.sha256 = source_tree_hash(s.path);
    return s;
  }
  const std::string name = path.filename().string();
  const bool tarball = fs::is_regular_file(st) &&
                       std::any_of(kTarballSuffixes.begin(), kTarballSuffixes.end(),
                                   [&](std::string_view sfx) { return name.ends_with(sfx); });
  if (!tarball)
    throw UsageError(fmt::format("{} {}: neither a tarball nor a directory (expected {})",
                                 kind.option, path.string(), kind.what));
  Sha256 h;
  feed_file(h, path, &kind);
  s.sha256 = h.hex();
  return s;
}

namespace {
// The sources given must be exactly the recipe's: none missing, none it does not build from.
void check_given(const Recipe& recipe, const std::map<std::string, fs::path>& given) {
  for (const auto& [name, path] : given) {
    const SourceKind* kind = find_source_kind(name);
    if (!kind) throw UsageError(fmt::format("unknown build source \"{}\"", name));
    if (std::find(recipe.build_sources.begin(), recipe.build_sources.end(), name) ==
        recipe.build_sources.end())
      throw UsageError(fmt::format(
          "image recipe {} does not build {} (no \"{}\" in \"build_sources\" of its recipe.json "
          "or its base's, {}): {} is only for recipes that do",
          recipe.name, kind->name, kind->name, recipe.dir.string(), kind->option));
  }
  for (const auto& name : recipe.build_sources) {
    const SourceKind* kind = find_source_kind(name);
    if (!given.contains(name))
      throw UsageError(fmt::format("image recipe {} builds {} from a source you give: add {} PATH "
                                   "({}): `{}`",
                                   recipe.name, name, kind->option, kind->what,
                                   build_command_hint(recipe)));
  }
}
}  // namespace

std::vector<BuildSource> resolve_build_sources(const Recipe& recipe,
                                               const std::map<std::string, fs::path>& given) {
  check_given(recipe, given);
  std::vector<BuildSource> out;
  for (const auto& name : recipe.build_sources)
    out.push_back(read_build_source(*find_source_kind(name), given.at(name)));
  return out;
}

void check_build_sources(const Recipe& recipe, const std::vector<BuildSource>& sources) {
  std::map<std::string, fs::path> given;
  for (const auto& s : sources)
    if (!given.emplace(s.name, s.path).second)
      throw UsageError(fmt::format("build source {} given twice", s.name));
  check_given(recipe, given);
}

std::string image_hash(const std::string& recipe_hash, const std::vector<BuildSource>& sources) {
  if (sources.empty()) return recipe_hash;
  std::vector<const BuildSource*> sorted;
  for (const auto& s : sources) sorted.push_back(&s);
  std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->name < b->name; });
  Sha256 h;
  h.update("harness-image v1\n");
  feed(h, "recipe", recipe_hash);
  for (const auto* s : sorted) {
    feed(h, "source", s->name);
    feed(h, "sha256", s->sha256);
  }
  return h.hex();
}

std::string build_command_hint(const Recipe& recipe) {
  std::string cmd = "harness image build " + recipe.name;
  for (const auto& name : recipe.build_sources)
    if (const SourceKind* k = find_source_kind(name)) cmd += fmt::format(" {} PATH", k->option);
  return cmd;
}

}  // namespace harness
