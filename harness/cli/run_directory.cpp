#include "harness/cli/run_directory.hpp"

#include <fstream>

#include <fmt/format.h>

#include "drivers/libvirt/options.hpp"
#include "harness/core/errors.hpp"
#include "reports/file_output.hpp"

namespace harness {
namespace {

// The copy names the image the run booted when --image replaced the file's.
void record_lab_image(const std::filesystem::path& copy, const std::string& image) {
  std::ifstream in(copy);
  nlohmann::json j = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) throw Error(copy.string() + ": not a JSON object");
  const nlohmann::json::json_pointer at("/lab/image");
  if (j.value(at, LabOptions{}.image) == image) return;
  j["lab"]["image"] = image;
  write_file_atomically(copy, j.dump(2) + "\n");
}

}  // namespace

std::filesystem::path create_run_directory(const std::filesystem::path& out,
                                           const std::string& run_id,
                                           const std::filesystem::path& scenario_file,
                                           const std::string& lab_image) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path dir = out / run_id;
  fs::create_directories(dir / "logs", ec);
  if (ec) throw Error(fmt::format("{}: cannot create run directory: {}", dir.string(), ec.message()));
  fs::copy_file(scenario_file, dir / "scenario.json", fs::copy_options::overwrite_existing, ec);
  if (ec) throw Error(fmt::format("{}: cannot copy into {}: {}", scenario_file.string(),
                                  dir.string(), ec.message()));
  record_lab_image(dir / "scenario.json", lab_image);
  update_latest_link(out, run_id);
  return dir;
}

void update_latest_link(const std::filesystem::path& out, const std::string& name) {
  namespace fs = std::filesystem;
  std::error_code ec;
  // Replace the link atomically: a new link beside it, renamed over the old one.
  fs::path latest = out / "latest";
  fs::path tmp = out / (".latest-" + name);
  fs::remove(tmp, ec);
  fs::create_directory_symlink(name, tmp, ec);
  if (!ec) fs::rename(tmp, latest, ec);
  if (ec) throw Error(fmt::format("{}: cannot update link: {}", latest.string(), ec.message()));
}

std::filesystem::path create_matrix_directory(const std::filesystem::path& out,
                                              const std::string& matrix_id) {
  std::error_code ec;
  auto dir = out / matrix_id;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw Error(fmt::format("{}: cannot create matrix directory: {}", dir.string(), ec.message()));
  update_latest_link(out, matrix_id);
  return dir;
}

void write_schedule_file(const std::filesystem::path& run_dir, const nlohmann::json& schedule) {
  write_file_atomically(run_dir / "schedule.json", schedule.dump(2) + "\n");
}

}  // namespace harness
