#pragma once
// An image's package manifest (manifest.txt of the image cache, copied into each run directory
// as image-manifest.txt): "package version" per line, as vm-images/build-image.sh writes it from
// dpkg-query. The diff is what `harness compare` shows of two images.
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace harness {

using PackageManifest = std::map<std::string, std::string>;  // package → version

// Blank lines are skipped; any other line must be two words. Throws harness::Error
// "FILE:LINE: expected \"package version\", found ..." (`file` names the source in messages).
PackageManifest parse_manifest(std::string_view text, const std::string& file);
// Throws harness::Error "FILE: cannot open" as well.
PackageManifest read_manifest(const std::filesystem::path& file);

struct PackageChange {
  std::string package;
  std::string from;  // empty: added
  std::string to;    // empty: removed
};

struct ManifestDiff {
  std::vector<PackageChange> changed;  // in both, another version (sorted by package)
  std::vector<PackageChange> added;    // only in B
  std::vector<PackageChange> removed;  // only in A
  bool empty() const { return changed.empty() && added.empty() && removed.empty(); }
};

ManifestDiff diff_manifests(const PackageManifest& a, const PackageManifest& b);

}  // namespace harness
