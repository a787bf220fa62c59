#include "drivers/remote.hpp"

#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "harness/core/errors.hpp"

namespace harness {

// The last few lines of stderr are what tells an engineer why a command failed.
std::string tail_lines(std::string_view s, std::size_t max_lines) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  std::size_t pos = s.size();
  for (std::size_t n = 0; n < max_lines && pos > 0; ++n) {
    auto nl = s.rfind('\n', pos - 1);
    if (nl == std::string_view::npos) { pos = 0; break; }
    pos = nl;
  }
  auto out = s.substr(pos);
  if (!out.empty() && out.front() == '\n') out.remove_prefix(1);
  return std::string(out);
}

std::string describe_failure(std::string_view node, const std::vector<std::string>& argv,
                             const CommandResult& r) {
  std::string tail = tail_lines(r.err.empty() ? r.out : r.err, 5);
  return fmt::format("{}: `{}`: {}{}{}", node, fmt::join(argv, " "),
                     r.exit_status < 0 ? std::string("killed") : fmt::format("exit {}", r.exit_status),
                     tail.empty() ? "" : ": ", tail);
}

void Remote::put_files(const std::vector<FileToPut>& files, const Deadline& deadline) {
  std::set<std::string> made;
  for (const auto& f : files) {
    std::string dir = std::filesystem::path(f.path).parent_path().string();
    if (dir.empty() || !made.insert(dir).second) continue;
    check({"mkdir", "-p", "--", dir}, deadline);
  }
  for (const auto& f : files) put_file(f.content, f.path, f.mode, deadline);
}

CommandResult Remote::check(const std::vector<std::string>& argv, const Deadline& deadline,
                            std::string_view stdin_data) {
  auto r = run(argv, deadline, stdin_data);
  if (r.exit_status != 0) throw LabError(describe_failure(node(), argv, r));
  return r;
}

}  // namespace harness
