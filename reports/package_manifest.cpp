#include "reports/package_manifest.hpp"

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "harness/core/errors.hpp"

namespace harness {

PackageManifest parse_manifest(std::string_view text, const std::string& file) {
  PackageManifest out;
  std::size_t line_no = 0;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    std::istringstream words{std::string(line)};
    std::string package, version, extra;
    if (!(words >> package >> version) || (words >> extra))
      throw Error(fmt::format("{}:{}: expected \"package version\", found \"{}\"", file, line_no,
                              line.substr(0, 80)));
    out[package] = version;
  }
  return out;
}

PackageManifest read_manifest(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(fmt::format("{}: cannot open", file.string()));
  std::ostringstream text;
  text << in.rdbuf();
  return parse_manifest(text.str(), file.string());
}

ManifestDiff diff_manifests(const PackageManifest& a, const PackageManifest& b) {
  ManifestDiff d;
  for (const auto& [pkg, ver] : a) {
    auto it = b.find(pkg);
    if (it == b.end()) d.removed.push_back({pkg, ver, ""});
    else if (it->second != ver) d.changed.push_back({pkg, ver, it->second});
  }
  for (const auto& [pkg, ver] : b)
    if (!a.count(pkg)) d.added.push_back({pkg, "", ver});
  return d;
}

}  // namespace harness
