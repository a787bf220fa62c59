// Formatting the image list for people (the machine-readable form is image.json in each image).
#include "drivers/image/image_table.hpp"

#include <ctime>

#include <fmt/format.h>

namespace harness {

std::string human_bytes(std::uintmax_t n) {
  static const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(n);
  int u = 0;
  while (v >= 1024 && u < 4) {
    v /= 1024;
    ++u;
  }
  return u == 0 ? fmt::format("{} B", n) : fmt::format("{:.1f} {}", v, kUnits[u]);
}

std::string format_image_table(const std::vector<ImageListing>& images, const std::string& cache_dir) {
  if (images.empty()) return fmt::format("no images in {}\n", cache_dir);
  std::string out = fmt::format("{:<16} {:<12} {:>10}  {:<16}  {:>8}  {:<16} {}\n", "NAME", "HASH",
                                "SIZE", "CREATED (UTC)", "PACKAGES", "KERNEL", "PATH");
  for (const auto& l : images) {
    std::time_t t = static_cast<std::time_t>(l.created_unix);
    std::tm tm{};
    ::gmtime_r(&t, &tm);
    char date[32];
    std::strftime(date, sizeof date, "%Y-%m-%d %H:%M", &tm);
    out += fmt::format("{:<16} {:<12} {:>10}  {:<16}  {:>8}  {:<16} {}\n", l.info.recipe,
                       l.info.hash.substr(0, 12), human_bytes(l.size_bytes), date, l.package_count,
                       l.kernel_version.empty() ? "?" : l.kernel_version, l.info.dir.string());
  }
  return out;
}

}  // namespace harness
