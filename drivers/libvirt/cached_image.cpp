// Finding the image a lab boots (read-only: never builds, never writes).
#include "drivers/libvirt/cached_image.hpp"

#include <cstdlib>

#include <fmt/format.h>

#include "drivers/image/image_store.hpp"
#include "drivers/image/recipe.hpp"
#include "drivers/libvirt/node_files.hpp"
#include "harness/core/errors.hpp"

namespace harness::lab {

namespace fs = std::filesystem;

std::optional<ImageInfo> image_from_dir(const fs::path& dir, const std::string& recipe) {
  std::error_code ec;
  for (const char* f : {"root.qcow2", "vmlinuz", "initrd.img"})
    if (!fs::is_regular_file(dir / f, ec)) return std::nullopt;
  ImageInfo info;
  info.recipe = recipe;
  info.dir = fs::absolute(dir);
  info.disk = info.dir / "root.qcow2";
  info.kernel = info.dir / "vmlinuz";
  info.initrd = info.dir / "initrd.img";
  info.manifest = info.dir / "manifest.txt";
  std::string cmdline = read_text(info.dir / "cmdline");
  while (!cmdline.empty() && (cmdline.back() == '\n' || cmdline.back() == ' ')) cmdline.pop_back();
  info.cmdline = cmdline.empty() ? "root=/dev/vda rw console=ttyS0 net.ifnames=0" : cmdline;
  std::string name = info.dir.filename().string();
  auto dash = name.rfind('-');
  info.hash = dash == std::string::npos ? "" : name.substr(dash + 1);
  return info;
}

ImageInfo find_cached_image(const std::string& recipe) {
  if (const char* env = std::getenv("HARNESS_LAB_IMAGE"); env && *env) {
    auto info = image_from_dir(env, recipe);
    if (!info) throw LabError(fmt::format("HARNESS_LAB_IMAGE={} holds no built image", env));
    return *info;
  }
  return find_built_image(recipe);
}

ImageInfo find_built_image(const std::string& recipe) {
  ImageStore store;
  Recipe r = load_recipe(resolve_recipe_dir(recipe));
  if (auto info = store.find(r)) return *info;
  if (!r.build_sources.empty())  // its name depends on the source, which a run does not know
    throw LabError(fmt::format("image '{}' is not built (no image of this recipe, recipe hash {}, "
                               "in {}); run `{}`",
                               recipe, store.hash(r).substr(0, 12), store.cache_dir().string(),
                               build_command_hint(r)));
  throw LabError(fmt::format("image '{}' is not built (no {} in {}); run `harness image build {}`",
                             recipe, ImageStore::image_dir_name(r, store.hash(r)),
                             store.cache_dir().string(), recipe));
}

}  // namespace harness::lab
