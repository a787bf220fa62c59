#include "drivers/guest_dir.hpp"

#include <fmt/format.h>

#include "drivers/fio/fio_job.hpp"
#include "harness/core/errors.hpp"

namespace harness {

Argv sh_script(const char* body, std::initializer_list<std::string> args) {
  Argv argv = {"sh", "-c", body, "sh"};
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

Argv fresh_dir_argv(const std::string& dir) {
  return sh_script("rm -rf -- \"$1\" && mkdir -p -- \"$1\"", {dir});
}

void check_owned_dir(const std::string& dir, std::string_view prefix, std::string_view what) {
  check_fio_filename(dir);  // characters a guest path may hold
  const std::string last = dir.substr(dir.find_last_of('/') + 1);
  if (dir.empty() || dir[0] != '/' || last.rfind(prefix, 0) != 0 || dir.find("/..") != std::string::npos)
    throw LabError(fmt::format("{} '{}': an absolute path whose last component starts with \"{}\" "
                               "(it is emptied at start)",
                               what, dir, prefix));
}

}  // namespace harness
