#include "reports/file_output.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>

#include <fmt/format.h>

#include "harness/core/errors.hpp"

namespace harness {

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (path.has_parent_path()) {
    fs::create_directories(path.parent_path(), ec);
    if (ec)
      throw Error(fmt::format("{}: cannot create directory {}: {}", path.string(),
                              path.parent_path().string(), ec.message()));
  }
  // The pid keeps two harness processes writing the same report from sharing a temp file.
  fs::path tmp = path;
  tmp += fmt::format(".tmp.{}", ::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out)
      throw Error(fmt::format("{}: cannot open for writing: {}", tmp.string(), std::strerror(errno)));
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    if (!out.flush()) {
      fs::remove(tmp, ec);
      throw Error(fmt::format("{}: write failed", path.string()));
    }
  }
  fs::rename(tmp, path, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(tmp, ignored);
    throw Error(fmt::format("{}: cannot rename into place: {}", path.string(), ec.message()));
  }
}

}  // namespace harness
