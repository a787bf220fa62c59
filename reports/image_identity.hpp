#pragma once
// Which image a run booted, as result.json names it: versions.image (the recipe name) and
// versions.image_hash (the recipe hash that keys the image cache). Written by the CLI when the
// lab is made, read by `harness compare` to say which images it compares.
#include <string>

#include "harness/core/run_report.hpp"

namespace harness {

void set_run_image(RunReport& r, const std::string& name, const std::string& hash);

// "default@352c13631bbb" (the hash shortened to 12 digits, as the cache directory names it),
// "default" without a hash, "" when the report names no image (runs from before this key).
std::string run_image_label(const RunReport& r);

}  // namespace harness
