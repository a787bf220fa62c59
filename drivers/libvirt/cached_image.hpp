#pragma once
// The image a lab boots: $HARNESS_LAB_IMAGE if set (a finished image directory holding
// root.qcow2, vmlinuz, initrd.img, cmdline; tests and `lab up --image-dir` use it), else the
// ImageStore's cached build of the recipe (for a recipe built from a source, such as SCST's: the
// newest image of the recipe as it is now, whatever source it was built from). Never builds and
// never writes.
#include <optional>
#include <string>

#include "drivers/image/image.hpp"

namespace harness::lab {

// The ImageInfo of a build directory; nullopt unless root.qcow2, vmlinuz and initrd.img exist.
std::optional<ImageInfo> image_from_dir(const std::filesystem::path& dir, const std::string& recipe);

// Throws LabError naming what was looked for and how to build it.
ImageInfo find_cached_image(const std::string& recipe);
// The ImageStore's build of the recipe only ($HARNESS_LAB_IMAGE is one directory: it cannot
// stand for a second image). Throws like find_cached_image.
ImageInfo find_built_image(const std::string& recipe);

}  // namespace harness::lab
