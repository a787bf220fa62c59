// stream_process: a long-running host program (ssh running journalctl -f, drbdsetup events2...)
// whose stdout lines are delivered, stamped on the host clock when read, from one reader thread.
// Its stdin is a pipe the caller may write to (send); a command that never reads it is unaffected.
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "drivers/remote/process.hpp"
#include "drivers/remote/spawn.hpp"
#include "harness/core/errors.hpp"

namespace harness {

namespace {
using detail::Fd;

constexpr std::size_t kMaxLineBytes = 1u << 20;  // a longer "line" is delivered in pieces
constexpr std::size_t kStderrTailBytes = 8192;
constexpr int kDrainAfterExitMs = 500;            // as in run_process
constexpr int kTermGraceMs = 1000;

class ProcessStreamImpl final : public ProcessStream {
 public:
  ProcessStreamImpl(const std::vector<std::string>& argv, LineHandler on_line, Clock& clock,
                    const std::map<std::string, std::string>& extra_env)
      : on_line_(std::move(on_line)), clock_(clock) {
    detail::Pipe in = detail::make_pipe();
    detail::Pipe out = detail::make_pipe();
    detail::Pipe err = detail::make_pipe();
    child_ = std::make_unique<detail::Child>(
        detail::SpawnSpec{argv, {}, extra_env, in.read.get(), out.write.get(), err.write.get()});
    in.read.reset();
    out.write.reset();
    err.write.reset();
    in_ = std::move(in.write);
    out_ = std::move(out.read);
    err_ = std::move(err.read);
    wake_.reset(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
    if (!wake_.valid()) throw LabError(fmt::format("eventfd: {}", std::strerror(errno)));
    running_ = true;
    thread_ = std::thread([this] { loop(); });
  }

  ~ProcessStreamImpl() override { stop(); }

  void stop() override {
    stopping_ = true;
    std::uint64_t one = 1;
    [[maybe_unused]] auto r = ::write(wake_.get(), &one, sizeof one);
    // Called from inside a line handler: the loop ends after the handler returns; the owner's
    // destructor joins later.
    if (thread_.joinable() && std::this_thread::get_id() != thread_.get_id()) thread_.join();
  }

  bool running() const override { return running_; }
  bool send(std::string_view data) override {
    std::lock_guard lock(in_mu_);
    if (!running_ || stopping_ || !in_.valid()) return false;
    detail::SigpipeBlock no_sigpipe;
    while (!data.empty()) {
      ssize_t n = ::write(in_.get(), data.data(), data.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        in_.reset();
        return false;
      }
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }
  int exit_status() const override { return exit_status_; }
  std::string stderr_tail() const override {
    std::lock_guard lock(mu_);
    return err_tail_;
  }

 private:
  void deliver(std::string_view line) {
    if (stopping_) return;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    try {
      on_line_(clock_.now_ns(), line);
    } catch (...) {
      stopping_ = true;  // a handler that throws ends the stream rather than the process
    }
  }

  void read_stdout() {
    char buf[65536];
    long n = detail::read_retry(out_.get(), buf, sizeof buf);
    if (n <= 0) {
      if (n == 0 || errno != EAGAIN) out_.reset();
      return;
    }
    partial_.append(buf, static_cast<std::size_t>(n));
    std::size_t start = 0;
    for (std::size_t nl; (nl = partial_.find('\n', start)) != std::string::npos; start = nl + 1)
      deliver(std::string_view(partial_).substr(start, nl - start));
    partial_.erase(0, start);
    if (partial_.size() >= kMaxLineBytes) {
      deliver(partial_);
      partial_.clear();
    }
  }

  void read_stderr() {
    char buf[8192];
    long n = detail::read_retry(err_.get(), buf, sizeof buf);
    if (n <= 0) {
      if (n == 0 || errno != EAGAIN) err_.reset();
      return;
    }
    std::lock_guard lock(mu_);
    err_tail_.append(buf, static_cast<std::size_t>(n));
    if (err_tail_.size() > kStderrTailBytes) err_tail_.erase(0, err_tail_.size() - kStderrTailBytes);
  }

  void loop() {
    bool exited = false;
    std::chrono::steady_clock::time_point exit_seen;
    while (!stopping_) {
      if (!exited && child_->exited()) {
        exited = true;
        exit_seen = std::chrono::steady_clock::now();
      }
      int timeout = -1;
      if (exited) {
        if (!out_.valid() && !err_.valid()) break;
        auto since = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::steady_clock::now() - exit_seen).count();
        if (since >= kDrainAfterExitMs) break;
        timeout = static_cast<int>(kDrainAfterExitMs - since);
      } else if (child_->exit_fd() < 0) {
        timeout = 5;
      }
      pollfd fds[4];
      nfds_t n = 0;
      fds[n++] = pollfd{wake_.get(), POLLIN, 0};
      int i_out = -1, i_err = -1;
      if (out_.valid()) { i_out = static_cast<int>(n); fds[n++] = pollfd{out_.get(), POLLIN, 0}; }
      if (err_.valid()) { i_err = static_cast<int>(n); fds[n++] = pollfd{err_.get(), POLLIN, 0}; }
      if (!exited && child_->exit_fd() >= 0) fds[n++] = pollfd{child_->exit_fd(), POLLIN, 0};
      if (::poll(fds, n, timeout) < 0) {
        if (errno == EINTR) continue;
        break;
      }
      if (i_out >= 0 && fds[i_out].revents) read_stdout();
      if (i_err >= 0 && fds[i_err].revents) read_stderr();
    }
    if (!stopping_ && !partial_.empty()) deliver(partial_);  // last line without a newline
    out_.reset();
    err_.reset();
    {
      std::lock_guard lock(in_mu_);
      in_.reset();
    }
    if (stopping_) {
      child_->terminate_group(kTermGraceMs);
    } else {
      exit_status_ = child_->reap();
    }
    running_ = false;
  }

  LineHandler on_line_;
  Clock& clock_;
  std::unique_ptr<detail::Child> child_;
  Fd in_, out_, err_, wake_;
  std::mutex in_mu_;  // send() (caller's thread) against the close at the loop's end
  std::string partial_;
  mutable std::mutex mu_;
  std::string err_tail_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> running_{false};
  std::atomic<int> exit_status_{-1};
  std::thread thread_;
};
}  // namespace

std::unique_ptr<Stream> stream_process(const std::vector<std::string>& argv, LineHandler on_line,
                                       Clock& clock,
                                       const std::map<std::string, std::string>& extra_env) {
  return std::make_unique<ProcessStreamImpl>(argv, std::move(on_line), clock, extra_env);
}

}  // namespace harness
