#include "drivers/remote/local_remote.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "drivers/remote/process.hpp"
#include "drivers/remote/spawn.hpp"
#include "harness/core/errors.hpp"

namespace harness {

namespace {
[[noreturn]] void fail(const std::string& node, std::string_view what, const std::string& path) {
  throw LabError(fmt::format("{}: {} {}: {}", node, what, path, std::strerror(errno)));
}
}  // namespace

CommandResult LocalRemote::run(const std::vector<std::string>& argv, const Deadline& deadline,
                               std::string_view stdin_data) {
  return run_process(argv, deadline, stdin_data);
}

void LocalRemote::put_file(std::string_view content, const std::string& remote_path, int mode,
                           const Deadline& deadline) {
  deadline.check(fmt::format("{}: put_file {}", node_, remote_path));
  std::string tmp = fmt::format("{}.harness-tmp.{}", remote_path, ::getpid());
  detail::Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
  if (!fd.valid()) fail(node_, "put_file: cannot create", tmp);
  std::size_t done = 0;
  while (done < content.size()) {
    ssize_t w = ::write(fd.get(), content.data() + done, content.size() - done);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) {
      int saved = errno;
      ::unlink(tmp.c_str());
      errno = saved;
      fail(node_, "put_file: cannot write", tmp);
    }
    done += static_cast<std::size_t>(w);
  }
  // fchmod, not the open mode: the umask must not narrow what the caller asked for.
  if (::fchmod(fd.get(), static_cast<mode_t>(mode)) != 0 || ::close(fd.release()) != 0 ||
      ::rename(tmp.c_str(), remote_path.c_str()) != 0) {
    int saved = errno;
    ::unlink(tmp.c_str());
    errno = saved;
    fail(node_, "put_file: cannot install", remote_path);
  }
}

std::string LocalRemote::get_file(const std::string& remote_path, const Deadline& deadline) {
  deadline.check(fmt::format("{}: get_file {}", node_, remote_path));
  detail::Fd fd(::open(remote_path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) fail(node_, "get_file: cannot open", remote_path);
  std::string out;
  char buf[65536];
  for (;;) {
    long n = detail::read_retry(fd.get(), buf, sizeof buf);
    if (n < 0) fail(node_, "get_file: cannot read", remote_path);
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

std::unique_ptr<Stream> LocalRemote::stream(const std::vector<std::string>& argv,
                                            LineHandler on_line) {
  return stream_process(argv, std::move(on_line), clock_);
}

}  // namespace harness
