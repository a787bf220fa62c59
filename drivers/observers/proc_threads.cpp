#include "drivers/observers/proc_threads.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <string_view>

#include "drivers/observers/host_starvation.hpp"

namespace harness {

namespace {

// A small /proc file in one read(2): these are one line, and a stream per file would cost more
// than the read itself at four readings a second.
std::optional<std::string> read_small(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  char buf[256];
  ssize_t n = ::read(fd, buf, sizeof buf);
  ::close(fd);
  if (n < 0) return std::nullopt;
  return std::string(buf, static_cast<std::size_t>(n));
}

std::optional<std::int64_t> tid_of(const std::string& name) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), v);
  if (ec != std::errc() || end != name.data() + name.size() || v <= 0) return std::nullopt;
  return v;
}

}  // namespace

std::filesystem::path proc_task_dir(std::int64_t pid) {
  return std::filesystem::path("/proc") / std::to_string(pid) / "task";
}

std::optional<std::vector<ThreadSched>> read_task_dir(const std::filesystem::path& task_dir,
                                                      ThreadNames* names) {
  std::error_code ec;
  std::filesystem::directory_iterator it(task_dir, ec);
  if (ec) return std::nullopt;
  std::vector<ThreadSched> out;
  for (const auto& entry : it) {
    auto tid = tid_of(entry.path().filename().string());
    if (!tid) continue;
    auto text = read_small(entry.path() / "schedstat");
    if (!text) continue;  // ended since the listing
    auto t = parse_schedstat(*text);
    if (!t) continue;
    t->tid = *tid;
    auto cached = names ? names->find(*tid) : ThreadNames::iterator{};
    if (names && cached != names->end()) {
      t->comm = cached->second;
    } else {
      auto comm = read_small(entry.path() / "comm");
      if (!comm) continue;
      if (!comm->empty() && comm->back() == '\n') comm->pop_back();
      t->comm = *comm;
      if (names) (*names)[*tid] = t->comm;
    }
    out.push_back(std::move(*t));
  }
  std::sort(out.begin(), out.end(), [](const ThreadSched& a, const ThreadSched& b) { return a.tid < b.tid; });
  if (names) {  // only the living threads' names stay
    ThreadNames kept;
    for (const auto& t : out) kept.emplace(t.tid, t.comm);
    *names = std::move(kept);
  }
  return out;
}

}  // namespace harness
