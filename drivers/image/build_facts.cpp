// Reading the hooks' reports off the build output, and adding their manifest lines.
#include "drivers/image/build_facts.hpp"

#include <algorithm>
#include <fstream>
#include <regex>

#include <fmt/format.h>

#include "drivers/parse_util.hpp"
#include "harness/core/errors.hpp"

namespace harness {

namespace fs = std::filesystem;
using status::trim;

namespace {
constexpr std::string_view kFact = "harness-image-fact ";
constexpr std::string_view kManifest = "harness-image-manifest ";

bool good_word(std::string_view w) {
  static const std::regex kWord("[a-z0-9][a-z0-9._+-]*");
  return std::regex_match(w.begin(), w.end(), kWord);
}

// "WORD REST" → {WORD, REST}; REST empty if there is none.
std::pair<std::string_view, std::string_view> split_word(std::string_view s) {
  auto sp = s.find(' ');
  if (sp == std::string_view::npos) return {s, {}};
  return {s.substr(0, sp), trim(s.substr(sp + 1))};
}
}  // namespace

void BuildFacts::read_line(std::string_view line) {
  line = trim(line);
  if (line.starts_with("[image]")) line = trim(line.substr(7));
  if (line.starts_with(kFact)) {
    auto [key, value] = split_word(trim(line.substr(kFact.size())));
    if (good_word(key) && !value.empty()) facts[std::string(key)] = std::string(value);
  } else if (line.starts_with(kManifest)) {
    auto [pkg, version] = split_word(trim(line.substr(kManifest.size())));
    if (good_word(pkg) && !version.empty() && version.find(' ') == std::string_view::npos)
      manifest.emplace_back(pkg, version);
  }
}

void add_to_manifest(const fs::path& manifest,
                     const std::vector<std::pair<std::string, std::string>>& extra) {
  if (extra.empty()) return;
  std::vector<std::string> lines;
  std::vector<std::string> packages;
  {
    std::ifstream in(manifest);
    for (std::string l; std::getline(in, l);) {
      if (l.empty()) continue;
      packages.push_back(l.substr(0, l.find(' ')));
      lines.push_back(std::move(l));
    }
  }
  for (const auto& [pkg, version] : extra) {
    if (std::find(packages.begin(), packages.end(), pkg) != packages.end()) continue;
    packages.push_back(pkg);
    lines.push_back(pkg + " " + version);
  }
  std::sort(lines.begin(), lines.end());
  std::ofstream out(manifest, std::ios::trunc);
  for (const auto& l : lines) out << l << '\n';
  out.close();
  if (!out) throw LabError(fmt::format("{}: cannot write", manifest.string()));
}

}  // namespace harness
