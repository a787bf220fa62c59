#include "harness/cli/scenario_files.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "harness/core/data_dir.hpp"
#include "harness/core/errors.hpp"

namespace harness {

std::vector<std::filesystem::path> expand_scenario_paths(const std::vector<std::string>& args) {
  namespace fs = std::filesystem;
  std::vector<fs::path> out;
  for (const auto& arg : args) {
    fs::path p(arg);
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<fs::path> found;
      for (const auto& entry : fs::directory_iterator(p, ec)) {
        const auto& f = entry.path();
        if (entry.is_regular_file() && f.extension() == ".json" && f.filename() != "schema.json")
          found.push_back(f);
      }
      if (ec) throw UsageError(fmt::format("{}: cannot read directory: {}", arg, ec.message()));
      if (found.empty()) throw UsageError(fmt::format("{}: no scenario files (*.json) here", arg));
      std::sort(found.begin(), found.end());
      out.insert(out.end(), found.begin(), found.end());
    } else if (fs::exists(p, ec)) {
      out.push_back(p);
    } else {
      throw UsageError(fmt::format("{}: no such file or directory", arg));
    }
  }
  return out;
}

std::vector<std::string> or_shipped_catalogue(std::vector<std::string> args) {
  if (args.empty()) args.push_back(data_path("scenarios").string());
  return args;
}

}  // namespace harness
