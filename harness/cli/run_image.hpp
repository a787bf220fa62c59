#pragma once
// The image a run booted, kept with the run: its package manifest copied into the run directory
// (image-manifest.txt, reports/run_dir.hpp) when the run starts, so that the record survives a
// later rebuild or removal of the image, and its name and recipe hash in result.json's versions
// (reports/image_identity.hpp). `harness compare` reads both.
#include <filesystem>

#include "drivers/image/image.hpp"
#include "harness/core/run_report.hpp"

namespace harness {

// Copies image.manifest to the run directory; an image without a manifest (a hand-made
// HARNESS_LAB_IMAGE directory) copies nothing. Throws Error naming both paths on a failed copy.
void copy_image_manifest(const std::filesystem::path& run_dir, const ImageInfo& image);

// versions.image and versions.image_hash of the report.
void name_run_image(RunReport& report, const ImageInfo& image);

}  // namespace harness
