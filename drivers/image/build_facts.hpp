#pragma once
// What a recipe's hooks tell the cache about the image they built. The rootfs is gone once the
// build script ends, and the script's output files are fixed (changing the script would rename
// every image), so a hook reports on its output lines, which ImageStore::build reads:
//
//   harness-image-fact KEY VALUE...       → image.json "facts": {"KEY": "VALUE..."}
//   harness-image-manifest PACKAGE VERSION → one more "package version" line in manifest.txt
//
// (each possibly behind build-image.sh's "[image]" indentation). The SCST hook reports its
// version, commit, kernel and modules this way, and "scst VERSION" for `harness compare`.
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace harness {

struct BuildFacts {
  std::map<std::string, std::string> facts;                       // KEY → VALUE (the last wins)
  std::vector<std::pair<std::string, std::string>> manifest;      // PACKAGE, VERSION

  // Takes a line of build output; lines that are not reports are ignored, as are reports whose
  // KEY or PACKAGE is not [a-z0-9][a-z0-9._+-]* or whose value is empty.
  void read_line(std::string_view line);
};

// Adds `extra` to the "package version" lines of `manifest` (a package already there keeps
// its line and the report is dropped: dpkg's word wins) and writes it back sorted, as
// build-image.sh does. Throws LabError naming the file if it cannot be written.
void add_to_manifest(const std::filesystem::path& manifest,
                     const std::vector<std::pair<std::string, std::string>>& extra);

}  // namespace harness
