#include "harness/cli/run_image.hpp"

#include <fmt/format.h>

#include "harness/core/errors.hpp"
#include "reports/image_identity.hpp"
#include "reports/run_dir.hpp"

namespace harness {

void copy_image_manifest(const std::filesystem::path& run_dir, const ImageInfo& image) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (image.manifest.empty() || !fs::is_regular_file(image.manifest, ec)) return;
  const fs::path to = run_dir_files(run_dir).image_manifest;
  fs::copy_file(image.manifest, to, fs::copy_options::overwrite_existing, ec);
  if (ec)
    throw Error(fmt::format("{}: cannot copy to {}: {}", image.manifest.string(), to.string(),
                            ec.message()));
}

void name_run_image(RunReport& report, const ImageInfo& image) {
  set_run_image(report, image.recipe, image.hash);
}

}  // namespace harness
