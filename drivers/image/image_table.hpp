#pragma once
// The text `harness image list` prints: one row per cached image.
#include <string>
#include <vector>

#include "drivers/image/image_store.hpp"

namespace harness {

// Columns: NAME HASH SIZE CREATED (UTC) PACKAGES KERNEL PATH; "no images in <dir>" when empty.
std::string format_image_table(const std::vector<ImageListing>& images, const std::string& cache_dir);

// 1536 → "1.5 KiB", 766574592 → "731.1 MiB".
std::string human_bytes(std::uintmax_t n);

}  // namespace harness
