// run_process: one poll loop over the child's stdin/stdout/stderr, its pidfd and a stop eventfd,
// bounded by the Deadline. Whatever happens (timeout, stop, exception) the child's process group
// is killed and the child reaped by detail::Child.
#include "drivers/remote/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

#include <fmt/format.h>

#include "drivers/remote/spawn.hpp"
#include "harness/core/errors.hpp"

namespace harness {

namespace {
using detail::Fd;

// After the child exits, descendants that escaped (a daemon that kept our pipes) must not hold
// the call: output still in flight is drained for at most this long, then the pipes are closed.
constexpr int kDrainAfterExitMs = 500;
// Poll at least this often so a deadline measured on an injected clock is noticed.
constexpr int kMaxPollMs = 100;

int poll_timeout_ms(const Deadline& d) {
  std::int64_t ms = (d.remaining_ns() + kNsPerMs - 1) / kNsPerMs;  // round up: no busy spin
  return static_cast<int>(std::clamp<std::int64_t>(ms, 0, kMaxPollMs));
}

// Appends up to `cap` bytes in total; the rest is read and dropped so the child never blocks.
void append_capped(std::string& dst, const char* data, std::size_t n, std::size_t cap) {
  if (dst.size() < cap) dst.append(data, std::min(n, cap - dst.size()));
}

// Reads what is available on `fd` into `dst`; closes `fd` at EOF or error.
void drain(Fd& fd, std::string& dst, std::size_t cap) {
  char buf[65536];
  long n = detail::read_retry(fd.get(), buf, sizeof buf);
  if (n > 0)
    append_capped(dst, buf, static_cast<std::size_t>(n), cap);
  else if (n == 0 || errno != EAGAIN)
    fd.reset();
}

std::string deadline_message(const std::vector<std::string>& argv, std::int64_t start_ns,
                             const Deadline& d, const std::string& err) {
  std::string tail = tail_lines(err, 5);
  return fmt::format("`{}`: deadline of {:.3g}s passed{}{}", detail::argv_for_message(argv),
                     ns_to_seconds(std::max<std::int64_t>(d.at_ns() - start_ns, 0)),
                     tail.empty() ? "" : ": ", tail);
}
}  // namespace

bool program_exists(std::string_view program) {
  return detail::resolve_program(program).has_value();
}

CommandResult run_process(const std::vector<std::string>& argv, const Deadline& deadline,
                          std::string_view stdin_data, const ProcessOptions& options) {
  if (argv.empty()) throw LabError("run_process: empty argument vector");
  CommandResult result;
  Clock& clock = deadline.clock();
  result.start_ns = clock.now_ns();
  if (deadline.stop_requested())
    throw Interrupted(fmt::format("`{}`: interrupted", detail::argv_for_message(argv)));
  if (deadline.expired())
    throw TimeoutError(deadline_message(argv, result.start_ns, deadline, ""));

  detail::Pipe out = detail::make_pipe();
  detail::Pipe err = detail::make_pipe();
  std::optional<detail::Pipe> in;
  if (!stdin_data.empty()) in = detail::make_pipe();

  detail::SpawnSpec spec{argv, options.cwd, options.extra_env,
                         in ? in->read.get() : -1, out.write.get(), err.write.get()};
  detail::Child child(spec);
  // Our copies of the child's ends must go, or EOF never arrives.
  out.write.reset();
  err.write.reset();
  Fd stdin_w;
  if (in) {
    in->read.reset();
    stdin_w = std::move(in->write);
    ::fcntl(stdin_w.get(), F_SETFL, ::fcntl(stdin_w.get(), F_GETFL) | O_NONBLOCK);
  }
  Fd stdout_r = std::move(out.read);
  Fd stderr_r = std::move(err.read);
  ::fcntl(stdout_r.get(), F_SETFL, ::fcntl(stdout_r.get(), F_GETFL) | O_NONBLOCK);
  ::fcntl(stderr_r.get(), F_SETFL, ::fcntl(stderr_r.get(), F_GETFL) | O_NONBLOCK);

  // A stop request from another thread wakes poll() through this eventfd.
  Fd wake(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  if (!wake.valid()) throw LabError(fmt::format("eventfd: {}", std::strerror(errno)));
  std::stop_callback on_stop(deadline.stop(), [fd = wake.get()] {
    std::uint64_t one = 1;
    [[maybe_unused]] auto r = ::write(fd, &one, sizeof one);
  });

  detail::SigpipeBlock no_sigpipe;
  const int grace_ms = static_cast<int>(options.term_grace_s * 1000);
  std::size_t written = 0;
  bool exited = false;
  std::chrono::steady_clock::time_point exit_seen;

  for (;;) {
    const bool stopped = deadline.stop_requested();
    if (stopped || deadline.expired()) {
      child.terminate_group(grace_ms);
      result.end_ns = clock.now_ns();
      if (options.partial != nullptr) *options.partial = result;
      if (stopped) throw Interrupted(fmt::format("`{}`: interrupted", detail::argv_for_message(argv)));
      throw TimeoutError(deadline_message(argv, result.start_ns, deadline, result.err));
    }
    if (!exited && child.exited()) {
      exited = true;
      exit_seen = std::chrono::steady_clock::now();
      stdin_w.reset();  // nobody left to read it
    }
    int timeout = poll_timeout_ms(deadline);
    if (exited) {
      if (!stdout_r.valid() && !stderr_r.valid()) break;
      auto since = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::steady_clock::now() - exit_seen).count();
      if (since >= kDrainAfterExitMs) break;
      timeout = std::min<int>(timeout, static_cast<int>(kDrainAfterExitMs - since));
    } else if (child.exit_fd() < 0) {
      timeout = std::min(timeout, 5);  // no pidfd: notice the exit by polling
    }

    pollfd fds[5];
    nfds_t n = 0;
    auto add = [&](const Fd& fd, short events) -> pollfd* {
      if (!fd.valid()) return nullptr;
      fds[n] = pollfd{fd.get(), events, 0};
      return &fds[n++];
    };
    pollfd* p_wake = add(wake, POLLIN);
    pollfd* p_out = add(stdout_r, POLLIN);
    pollfd* p_err = add(stderr_r, POLLIN);
    pollfd* p_in = add(stdin_w, POLLOUT);
    if (!exited && child.exit_fd() >= 0) fds[n++] = pollfd{child.exit_fd(), POLLIN, 0};

    int rc = ::poll(fds, n, timeout);
    if (rc < 0) {
      if (errno == EINTR) continue;
      throw LabError(fmt::format("poll: {}", std::strerror(errno)));
    }
    (void)p_wake;  // the loop head checks the stop token itself
    if (p_out && p_out->revents) drain(stdout_r, result.out, options.max_output_bytes);
    if (p_err && p_err->revents) drain(stderr_r, result.err, options.max_output_bytes);
    if (p_in && p_in->revents) {
      if (p_in->revents & (POLLERR | POLLHUP)) {
        stdin_w.reset();  // the child closed its stdin: it does not want the rest
      } else {
        ssize_t w = ::write(stdin_w.get(), stdin_data.data() + written, stdin_data.size() - written);
        if (w > 0) written += static_cast<std::size_t>(w);
        else if (w < 0 && errno != EAGAIN && errno != EINTR) stdin_w.reset();  // EPIPE
        if (written == stdin_data.size()) stdin_w.reset();  // EOF tells the child input ended
      }
    }
  }
  // Close the pipes before reaping so a straggler that keeps writing gets EPIPE, not a hang.
  stdout_r.reset();
  stderr_r.reset();
  result.exit_status = child.reap();
  result.end_ns = clock.now_ns();
  return result;
}

}  // namespace harness
