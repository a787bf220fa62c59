// Reading the cache back: `harness image list`, and sweeping the debris of dead builds.
#include <signal.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <fstream>

#include <nlohmann/json.hpp>

#include "drivers/image/image_store.hpp"
#include "drivers/image/safe_remove.hpp"

namespace harness {

namespace fs = std::filesystem;

namespace {
std::string first_line(const fs::path& p) {
  std::ifstream in(p);
  std::string line;
  std::getline(in, line);
  return line;
}

// True if the process `pid` may still exist (a pid we may not signal exists too).
bool pid_alive(long pid) {
  if (pid <= 0) return false;
  return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}
}  // namespace

std::optional<ImageListing> read_image_dir(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_regular_file(dir / ".build-ok", ec) || !fs::is_regular_file(dir / "root.qcow2", ec))
    return std::nullopt;
  ImageListing l;
  ImageInfo& info = l.info;
  info.dir = dir;
  info.disk = dir / "root.qcow2";
  info.kernel = dir / "vmlinuz";
  info.initrd = dir / "initrd.img";
  info.manifest = dir / "manifest.txt";
  info.cmdline = first_line(dir / "cmdline");
  // The directory name is <recipe>-<hash12>; image.json has the full hash and the build facts.
  std::string name = dir.filename().string();
  if (auto dash = name.rfind('-'); dash != std::string::npos) {
    info.recipe = name.substr(0, dash);
    info.hash = name.substr(dash + 1);
  }
  try {
    std::ifstream in(dir / "image.json");
    auto j = nlohmann::json::parse(in);
    info.recipe = j.value("recipe", info.recipe);
    info.hash = j.value("hash", info.hash);
    l.created_unix = j.value("created_unix", std::int64_t{0});
    l.build_seconds = j.value("build_seconds", 0.0);
    l.kernel_version = j.value("kernel_version", std::string());
    const auto sources = j.value("sources", nlohmann::json::object());
    for (const auto& [kind, src] : sources.items()) l.sources[kind] = src.value("sha256", "");
  } catch (const std::exception&) {
    // An image without image.json is still listed, from what its files say.
  }
  if (l.kernel_version.empty()) l.kernel_version = first_line(dir / "kernel-version");
  if (l.created_unix == 0) {
    auto t = fs::last_write_time(dir / ".build-ok", ec);
    if (!ec)
      l.created_unix = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::file_clock::to_sys(t).time_since_epoch())
                           .count();
  }
  std::ifstream manifest(info.manifest);
  for (std::string line; std::getline(manifest, line);)
    if (line.find_first_not_of(" \t") != std::string::npos) ++l.package_count;
  for (const auto& e : fs::recursive_directory_iterator(dir, ec))
    if (e.is_regular_file(ec) && !e.is_symlink(ec)) l.size_bytes += e.file_size(ec);
  return l;
}

std::vector<ImageListing> ImageStore::list() const {
  std::vector<ImageListing> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(options_.cache_dir, ec)) {
    if (!e.is_directory(ec) || e.path().filename().string().starts_with(".")) continue;
    if (auto l = read_image_dir(e.path())) out.push_back(std::move(*l));
  }
  std::sort(out.begin(), out.end(), [](const ImageListing& a, const ImageListing& b) {
    if (a.info.recipe != b.info.recipe) return a.info.recipe < b.info.recipe;
    return a.created_unix > b.created_unix;
  });
  return out;
}

std::size_t ImageStore::remove_stale_tmp() const {
  std::size_t removed = 0;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(options_.cache_dir, ec)) {
    std::string name = e.path().filename().string();
    if (!name.starts_with(".tmp-") || !e.is_directory(ec)) continue;
    // .tmp-<recipe>-<hash12>-<pid>: the pid of the process that builds into it.
    auto dash = name.rfind('-');
    long pid = 0;
    auto [p, err] = std::from_chars(name.data() + dash + 1, name.data() + name.size(), pid);
    if (err != std::errc() || p != name.data() + name.size()) continue;  // not ours: leave it
    if (pid_alive(pid)) continue;
    if (remove_tree_safely(e.path())) ++removed;
  }
  return removed;
}

}  // namespace harness
