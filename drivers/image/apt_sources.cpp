// Reading apt's two source formats, just enough to find the Debian mirror and its suites.
#include "drivers/image/apt_sources.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace harness {

namespace {
std::vector<std::string> words(std::string_view s) {
  std::vector<std::string> out;
  std::istringstream in{std::string(s)};
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
}  // namespace

std::vector<AptSource> parse_sources_list(std::string_view text) {
  std::vector<AptSource> out;
  std::istringstream in{std::string(text)};
  for (std::string line; std::getline(in, line);) {
    if (auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
    // "[arch=amd64 signed-by=...]" options sit between the type and the URI.
    if (auto open = line.find('['); open != std::string::npos) {
      auto close = line.find(']', open);
      if (close == std::string::npos) continue;
      line.erase(open, close - open + 1);
    }
    auto w = words(line);
    if (w.size() < 3 || w[0] != "deb") continue;
    out.push_back({w[1], w[2], std::vector<std::string>(w.begin() + 3, w.end())});
  }
  return out;
}

std::vector<AptSource> parse_deb822_sources(std::string_view text) {
  std::vector<AptSource> out;
  std::string types, uris, suites, comps, enabled;
  auto flush = [&] {
    auto t = words(types);
    if (std::find(t.begin(), t.end(), "deb") != t.end() && lower(enabled) != "no")
      for (const auto& u : words(uris))
        for (const auto& s : words(suites)) out.push_back({u, s, words(comps)});
    types.clear(), uris.clear(), suites.clear(), comps.clear(), enabled.clear();
  };
  std::istringstream in{std::string(text)};
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) {
      flush();
      continue;
    }
    if (line[0] == '#' || line[0] == ' ' || line[0] == '\t') continue;  // comment, continuation
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string key = lower(line.substr(0, colon));
    std::string value = line.substr(colon + 1);
    if (key == "types") types = value;
    else if (key == "uris") uris = value;
    else if (key == "suites") suites = value;
    else if (key == "components") comps = value;
    else if (key == "enabled") enabled = words(value).empty() ? "" : words(value)[0];
  }
  flush();
  return out;
}

std::vector<std::string> debian_mirrors(const std::vector<AptSource>& sources, std::string_view suite) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  const std::string s(suite);
  for (const auto& src : sources) {
    if (src.suite != s && src.suite != s + "-updates" && src.suite != s + "-security") continue;
    if (std::find(src.components.begin(), src.components.end(), "main") == src.components.end())
      continue;
    std::string line = "deb " + src.uri + " " + src.suite + " main";
    if (seen.insert(line).second) out.push_back(line);
  }
  if (!out.empty()) return out;
  for (const auto& src : sources) {
    if (std::find(src.components.begin(), src.components.end(), "main") == src.components.end())
      continue;
    const bool security = src.suite.size() > 9 && src.suite.ends_with("-security");
    // Only Debian's suite names: a third-party source with its own suite ("nodistro") is not
    // an archive of Debian suites.
    const auto base = security ? src.suite.substr(0, src.suite.size() - 9)
                      : src.suite.ends_with("-updates") ? src.suite.substr(0, src.suite.size() - 8)
                                                        : src.suite;
    static const std::set<std::string> kDebianSuites = {"bullseye", "bookworm", "trixie", "forky",
                                                        "sid"};
    if (!kDebianSuites.count(base)) continue;
    std::vector<std::string> lines;
    if (security) lines.push_back("deb " + src.uri + " " + s + "-security main");
    else lines = {"deb " + src.uri + " " + s + " main", "deb " + src.uri + " " + s + "-updates main"};
    for (auto& line : lines)
      if (seen.insert(line).second) out.push_back(std::move(line));
  }
  return out;
}

std::vector<std::string> host_debian_mirrors(std::string_view suite, const std::filesystem::path& apt_dir) {
  std::vector<AptSource> all;
  if (auto main = apt_dir / "sources.list"; std::filesystem::is_regular_file(main)) {
    auto v = parse_sources_list(read_file(main));
    all.insert(all.end(), v.begin(), v.end());
  }
  std::vector<std::filesystem::path> parts;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(apt_dir / "sources.list.d", ec))
    if (e.is_regular_file()) parts.push_back(e.path());
  std::sort(parts.begin(), parts.end());
  for (const auto& p : parts) {
    std::vector<AptSource> v;
    if (p.extension() == ".list") v = parse_sources_list(read_file(p));
    else if (p.extension() == ".sources") v = parse_deb822_sources(read_file(p));
    all.insert(all.end(), v.begin(), v.end());
  }
  return debian_mirrors(all, suite);
}

}  // namespace harness
