#pragma once
// Low-level pieces shared by run_process and stream_process: owned file descriptors, PATH lookup,
// posix_spawn into a new process group, and a child handle that kills its group and reaps it.
// Internal to drivers/remote; callers use process.hpp.
#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace harness::detail {

// An owned file descriptor (closed on destruction).
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& o) noexcept : fd_(o.release()) {}
  Fd& operator=(Fd&& o) noexcept {
    if (this != &o) reset(o.release());
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int release() {
    int f = fd_;
    fd_ = -1;
    return f;
  }
  void reset(int fd = -1);

 private:
  int fd_ = -1;
};

// Both ends O_CLOEXEC, so no descriptor leaks into an unrelated child; posix_spawn's dup2 onto
// 0/1/2 clears the flag for the ends the child should keep.
struct Pipe {
  Fd read;
  Fd write;
};
Pipe make_pipe();

// The absolute path of `program` (searched on PATH unless it contains a '/'), or nullopt.
std::optional<std::string> resolve_program(std::string_view program);

// "ssh: not installed (apt-get install openssh-client)" or "foo: not found on PATH (...)".
std::string not_installed_message(std::string_view program);

// "a b 'c d'" for messages only (never executed).
std::string argv_for_message(const std::vector<std::string>& argv);

struct SpawnSpec {
  std::vector<std::string> argv;                  // argv[0] is resolved on PATH
  std::filesystem::path cwd;                      // empty: inherit
  std::map<std::string, std::string> extra_env;  // added to (or replacing in) the environment
  int stdin_fd = -1;                              // -1: /dev/null
  int stdout_fd = -1;                             // -1: /dev/null
  int stderr_fd = -1;                             // -1: /dev/null
};

// A spawned child, leader of its own process group. The destructor kills the group and reaps
// the child if nobody did, so no path (exception included) leaves a process or zombie behind.
class Child {
 public:
  explicit Child(const SpawnSpec& spec);  // throws LabError (not installed, cannot start)
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  ~Child();

  pid_t pid() const { return pid_; }
  // Readable once the child has exited (pidfd); -1 if the kernel lacks pidfd_open.
  int exit_fd() const { return pidfd_.get(); }
  // True once the child has exited; does not reap (the pid, hence the group id, stays reserved).
  bool exited();
  // Waits up to `timeout_ms` real milliseconds for the exit; true if it exited.
  bool wait_exit(int timeout_ms);
  // Sends `sig` to the whole process group (a no-op once reaped).
  void signal_group(int sig);
  // SIGTERM to the group, up to `grace_ms` for the leader to exit, then SIGKILL to the group
  // (before reaping, so the group id cannot have been reused), then reap.
  void terminate_group(int grace_ms);
  // Blocks until the child exits and reaps it. Exit code, or -1 if killed by a signal.
  int reap();
  bool reaped() const { return reaped_; }
  int exit_status() const { return exit_status_; }

 private:
  pid_t pid_ = -1;
  Fd pidfd_;
  bool reaped_ = false;
  int exit_status_ = -1;
};

// Blocks SIGPIPE in the calling thread while it writes to a child's stdin, so a child that does
// not read its input gives EPIPE instead of killing the harness; a SIGPIPE raised meanwhile is
// consumed before the old mask is restored.
class SigpipeBlock {
 public:
  SigpipeBlock();
  ~SigpipeBlock();
  SigpipeBlock(const SigpipeBlock&) = delete;
  SigpipeBlock& operator=(const SigpipeBlock&) = delete;

 private:
  bool was_pending_ = false;
  bool was_blocked_ = false;
};

// read() retried on EINTR. Returns bytes read, 0 at EOF, -1 on error (errno set).
long read_retry(int fd, char* buf, std::size_t n);

}  // namespace harness::detail
