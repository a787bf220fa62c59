#pragma once
// The content-addressed image cache: <cache>/<recipe>-<hash12>/ holds one finished image, named
// by recipe_hash(). A build runs vm-images/build-image.sh into <cache>/.tmp-<recipe>-<hash12>-<pid>/
// and publishes it with one rename, so the cache never holds half an image; a lock file keeps two
// builds of the same recipe from racing. `harness image build|list` are thin wrappers over this.
//
// A recipe with build sources (SCST: drivers/image/build_source.hpp) is named by the recipe and
// the sources' content (image_hash), and image.json records both parts. A lab knows only the
// recipe's name, not the source, so find(recipe) then returns the newest finished image whose
// recipe part matches: the image the user built last for this recipe as it is now.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/image/build_source.hpp"
#include "drivers/image/image.hpp"
#include "drivers/image/recipe.hpp"
#include "harness/core/deadline.hpp"

namespace harness {

struct ImageStoreOptions {
  std::filesystem::path cache_dir;     // empty: $HARNESS_IMAGE_DIR or /var/lib/harness/images
  std::filesystem::path build_script;  // empty: <data dir>/vm-images/build-image.sh
  std::filesystem::path apt_dir = "/etc/apt";  // where the host's mirror is read from
  // The mirror lines; unset: read from apt_dir for the recipe's suite (tests set them).
  std::optional<std::vector<std::string>> mirrors;
};

// One cached image as `harness image list` shows it.
struct ImageListing {
  ImageInfo info;
  std::uintmax_t size_bytes = 0;   // all files of the image directory
  std::int64_t created_unix = 0;   // when the build finished (seconds since the epoch)
  std::size_t package_count = 0;   // lines of manifest.txt
  std::string kernel_version;      // e.g. 6.1.0-56-amd64
  double build_seconds = 0;        // how long the cold build took
  std::map<std::string, std::string> sources;  // build source kind → its SHA-256
};

// Build progress: each output line of build-image.sh ("[image] step 2/7: mmdebstrap ...").
using ImageProgress = std::function<void(std::string_view line)>;

class ImageStore {
 public:
  explicit ImageStore(ImageStoreOptions options = {});

  static std::filesystem::path default_cache_dir();    // $HARNESS_IMAGE_DIR or /var/lib/harness/images
  static std::filesystem::path default_build_script(); // <data dir>/vm-images/build-image.sh

  const std::filesystem::path& cache_dir() const { return options_.cache_dir; }
  const std::filesystem::path& build_script() const { return options_.build_script; }

  // The mirror lines that go into the hash and to the build script for `suite`.
  std::vector<std::string> mirrors(const std::string& suite) const;
  // Full hex SHA-256 of the recipe (recipe_hash): the image's name for a recipe without build
  // sources, the recipe part of it for one with.
  std::string hash(const Recipe& recipe) const;
  // The image's full hash: image_hash(hash(recipe), sources).
  std::string hash(const Recipe& recipe, const std::vector<BuildSource>& sources) const;
  // The finished image for this recipe, if cached; for a recipe with build sources the newest
  // one built from the recipe as it is now, whatever the source. Runs nothing.
  std::optional<ImageInfo> find(const Recipe& recipe) const;
  // The finished image of this recipe built from exactly these sources, if cached.
  std::optional<ImageInfo> find(const Recipe& recipe, const std::vector<BuildSource>& sources) const;
  // Returns the cached image at once, or builds it (progress lines to `progress`). Throws
  // UsageError if `sources` are not the recipe's build sources (check_build_sources), LabError
  // (with the last lines of the build output) if the build fails or a source changed while it
  // ran, TimeoutError past the deadline, Interrupted on a stop request; in every case the
  // temporary directory is removed. The build script's environment carries each source's path
  // and SHA-256 (SourceKind::env, env + "_SHA256") for the recipe's hooks.
  ImageInfo build(const Recipe& recipe, const ImageProgress& progress, const Deadline& deadline);
  ImageInfo build(const Recipe& recipe, const std::vector<BuildSource>& sources,
                  const ImageProgress& progress, const Deadline& deadline);
  // Every finished image in the cache, sorted by recipe name then newest first.
  std::vector<ImageListing> list() const;
  // Removes .tmp-* directories whose building process is gone; returns how many.
  std::size_t remove_stale_tmp() const;

  // The names used in the cache (exposed for tests and `harness cleanup`).
  static std::string image_dir_name(const Recipe& recipe, const std::string& hash);
  static std::string tmp_dir_name(const Recipe& recipe, const std::string& hash, long pid);

 private:
  ImageInfo info_for(const Recipe& recipe, const std::string& hash) const;
  ImageStoreOptions options_;
};

// Reads a finished image directory (its image.json and files) into an ImageListing; nullopt if
// it is not a complete image.
std::optional<ImageListing> read_image_dir(const std::filesystem::path& dir);

}  // namespace harness
