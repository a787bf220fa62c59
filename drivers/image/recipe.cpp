// Loading a recipe's chain and hashing everything that goes into its image.
#include "drivers/image/recipe.hpp"

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "drivers/image/build_source.hpp"
#include "drivers/image/sha256.hpp"
#include "harness/core/data_dir.hpp"
#include "harness/core/errors.hpp"

namespace harness {

namespace fs = std::filesystem;

namespace {
std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw UsageError(fmt::format("{}: cannot read", p.string()));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

nlohmann::json read_json(const fs::path& file) {
  try {
    auto j = nlohmann::json::parse(slurp(file));
    if (!j.is_object()) throw UsageError(fmt::format("{}: expected a JSON object", file.string()));
    return j;
  } catch (const nlohmann::json::exception& e) {
    throw UsageError(fmt::format("{}: {}", file.string(), e.what()));
  }
}

std::string string_field(const nlohmann::json& j, const char* key, const fs::path& file,
                         std::string fallback) {
  if (!j.contains(key)) return fallback;
  if (!j[key].is_string())
    throw UsageError(fmt::format("{}: /{}: expected a string", file.string(), key));
  return j[key].get<std::string>();
}

// "build_sources": a list of known source kinds' names.
std::vector<std::string> build_sources_field(const nlohmann::json& j, const fs::path& file) {
  std::vector<std::string> out;
  if (!j.contains("build_sources")) return out;
  const auto& a = j["build_sources"];
  if (!a.is_array())
    throw UsageError(fmt::format("{}: /build_sources: expected an array of source names", file.string()));
  std::string known;
  for (const auto& k : source_kinds()) known += (known.empty() ? "" : ", ") + std::string(k.name);
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!a[i].is_string() || !find_source_kind(a[i].get<std::string>()))
      throw UsageError(fmt::format("{}: /build_sources/{}: expected one of: {}, found {}",
                                   file.string(), i, known, a[i].dump()));
    out.push_back(a[i].get<std::string>());
  }
  return out;
}

// A recipe argument with a '/', or naming an existing directory, is a path rather than a name.
bool names_a_path(const std::string& s) { return s.find('/') != std::string::npos || fs::is_directory(s); }

// Length-prefixed fields, so that no two different input sets serialise alike.
void feed(Sha256& h, std::string_view tag, std::string_view data) {
  h.update(fmt::format("{} {}\n", tag, data.size()));
  h.update(data);
  h.update("\n");
}
}  // namespace

Recipe load_recipe(const fs::path& dir_in) {
  std::error_code ec;
  fs::path dir = fs::canonical(dir_in, ec);
  if (ec || !fs::is_regular_file(dir / "recipe.json"))
    throw UsageError(fmt::format("{}: no recipe.json (not an image recipe)", dir_in.string()));
  Recipe r;
  r.dir = dir;
  fs::path file = dir / "recipe.json";
  auto j = read_json(file);
  r.name = string_field(j, "name", file, dir.filename().string());
  static const std::regex kName("[a-z0-9][a-z0-9_.-]{0,62}");
  if (!std::regex_match(r.name, kName))
    throw UsageError(fmt::format("{}: /name: expected [a-z0-9][a-z0-9_.-]*, found \"{}\"",
                                 file.string(), r.name));
  // Walk the base chain; settings of the nearest recipe win, as in build-image.sh.
  std::vector<fs::path> chain{dir};
  std::vector<nlohmann::json> docs{j};
  for (fs::path cur = dir; docs.back().contains("base");) {
    fs::path cur_file = cur / "recipe.json";
    std::string base = string_field(docs.back(), "base", cur_file, "");
    fs::path base_dir = fs::weakly_canonical(cur / base, ec);
    if (ec || !fs::is_regular_file(base_dir / "recipe.json"))
      throw UsageError(fmt::format("{}: /base: no recipe at {}", cur_file.string(), base));
    if (std::find(chain.begin(), chain.end(), base_dir) != chain.end() || chain.size() >= 8)
      throw UsageError(fmt::format("{}: /base: cycle or chain too deep", cur_file.string()));
    chain.push_back(base_dir);
    docs.push_back(read_json(base_dir / "recipe.json"));
    cur = base_dir;
  }
  std::reverse(chain.begin(), chain.end());
  r.chain = chain;
  r.suite = "bookworm";
  r.cmdline = "root=/dev/vda rw console=ttyS0 net.ifnames=0";
  for (auto it = docs.rbegin(); it != docs.rend(); ++it) {
    fs::path f = chain[static_cast<std::size_t>(it - docs.rbegin())] / "recipe.json";
    r.suite = string_field(*it, "suite", f, r.suite);
    r.cmdline = string_field(*it, "cmdline", f, r.cmdline);
    for (auto& name : build_sources_field(*it, f))  // a derived recipe adds to its base's
      if (std::find(r.build_sources.begin(), r.build_sources.end(), name) == r.build_sources.end())
        r.build_sources.push_back(std::move(name));
  }
  return r;
}

fs::path resolve_recipe_dir(std::string_view name_or_path, const fs::path& data_root) {
  std::string s(name_or_path);
  fs::path p = names_a_path(s) ? fs::path(s) : data_root / "vm-images" / s;
  if (!fs::is_regular_file(p / "recipe.json"))
    throw UsageError(fmt::format("image recipe \"{}\": no recipe.json at {}", s, p.string()));
  return fs::absolute(p).lexically_normal();
}

fs::path resolve_recipe_dir(std::string_view name_or_path) {
  const std::string s(name_or_path);
  return resolve_recipe_dir(s, names_a_path(s) ? fs::path() : data_dir());
}

std::string recipe_hash(const Recipe& recipe, const fs::path& build_script,
                        const std::vector<std::string>& mirrors) {
  Sha256 h;
  h.update("harness-image-recipe v1\n");
  for (const auto& dir : recipe.chain) {
    std::vector<fs::path> files;
    for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator(); ++it)
      if (it->is_symlink() || it->is_regular_file()) files.push_back(it->path());
    std::sort(files.begin(), files.end(), [&](const fs::path& a, const fs::path& b) {
      return a.lexically_relative(dir).generic_string() < b.lexically_relative(dir).generic_string();
    });
    feed(h, "recipe", std::to_string(files.size()));
    for (const auto& f : files) {
      feed(h, "path", f.lexically_relative(dir).generic_string());
      if (fs::is_symlink(f)) feed(h, "symlink", fs::read_symlink(f).string());
      else feed(h, "file", slurp(f));
    }
  }
  feed(h, "script", slurp(build_script));
  for (const auto& m : mirrors) feed(h, "mirror", m);
  return h.hex();
}

}  // namespace harness
