#include "drivers/remote/spawn.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>

#include <fmt/format.h>

#include "harness/core/errors.hpp"

extern char** environ;

namespace harness::detail {

void Fd::reset(int fd) {
  if (fd_ >= 0) ::close(fd_);  // never retried on EINTR: Linux always frees the descriptor
  fd_ = fd;
}

Pipe make_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0)
    throw LabError(fmt::format("pipe2: {}", std::strerror(errno)));
  return Pipe{Fd(fds[0]), Fd(fds[1])};
}

namespace {
bool is_executable_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

std::string search_path() {
  if (const char* p = std::getenv("PATH"); p != nullptr) return p;
  return "/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin";
}
}  // namespace

std::optional<std::string> resolve_program(std::string_view program) {
  if (program.empty()) return std::nullopt;
  std::string prog(program);
  if (prog.find('/') != std::string::npos)
    return is_executable_file(prog) ? std::optional(prog) : std::nullopt;
  std::string path = search_path();
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find(':', start);
    if (end == std::string::npos) end = path.size();
    // POSIX: an empty PATH entry is the current directory. (Built by append: GCC 12 warns
    // falsely about operator+ here.)
    std::string candidate;
    if (end == start) candidate = ".";
    else candidate.assign(path, start, end - start);
    candidate.append("/").append(prog);
    if (is_executable_file(candidate)) return candidate;
    start = end + 1;
  }
  return std::nullopt;
}

std::string not_installed_message(std::string_view program) {
  // The Debian package for the host programs the harness runs, so the error says what to do.
  static const std::map<std::string, std::string, std::less<>> kPackage = {
      {"ssh", "openssh-client"},        {"ssh-keygen", "openssh-client"},
      {"scp", "openssh-client"},        {"sshd", "openssh-server"},
      {"qemu-img", "qemu-utils"},       {"qemu-system-x86_64", "qemu-system-x86"},
      {"virsh", "libvirt-clients"},     {"mkfs.ext4", "e2fsprogs"},
      {"mmdebstrap", "mmdebstrap"},     {"genisoimage", "genisoimage"},
      {"xorriso", "xorriso"},           {"fio", "fio"},
      {"fence_virtd", "fence-virtd"},   {"bash", "bash"},
  };
  std::string_view base = program;
  if (auto slash = base.rfind('/'); slash != std::string_view::npos) base.remove_prefix(slash + 1);
  if (auto it = kPackage.find(base); it != kPackage.end())
    return fmt::format("{}: not installed (apt-get install {})", program, it->second);
  if (program.find('/') != std::string_view::npos)
    return fmt::format("{}: no such executable file", program);
  return fmt::format("{}: not installed (not found on PATH)", program);
}

std::string argv_for_message(const std::vector<std::string>& argv) {
  std::string s;
  for (const auto& a : argv) {
    if (!s.empty()) s += ' ';
    bool plain = !a.empty() && a.find_first_of(" \t\n'\"\\$`") == std::string::npos;
    s += plain ? a : "'" + a + "'";
  }
  return s;
}

namespace {
// RAII for the posix_spawn attribute objects.
struct SpawnAttrs {
  posix_spawnattr_t attr;
  posix_spawn_file_actions_t actions;
  SpawnAttrs() {
    posix_spawnattr_init(&attr);
    posix_spawn_file_actions_init(&actions);
  }
  ~SpawnAttrs() {
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
  }
};

std::vector<std::string> build_env(const std::map<std::string, std::string>& extra) {
  std::vector<std::string> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view kv(*e);
    auto eq = kv.find('=');
    std::string key(kv.substr(0, eq));
    if (!extra.contains(key)) env.emplace_back(kv);
  }
  for (const auto& [k, v] : extra) env.push_back(k + "=" + v);
  return env;
}

std::vector<char*> c_array(std::vector<std::string>& v) {
  std::vector<char*> out;
  out.reserve(v.size() + 1);
  for (auto& s : v) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

int decode_status(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : -1; }
}  // namespace

Child::Child(const SpawnSpec& spec) {
  if (spec.argv.empty()) throw LabError("run_process: empty argument vector");
  // Checked before spawning so a missing tool is a clear LabError, not "exit 127".
  auto path = resolve_program(spec.argv[0]);
  if (!path) throw LabError(not_installed_message(spec.argv[0]));
  if (!spec.cwd.empty() && !std::filesystem::is_directory(spec.cwd))
    throw LabError(fmt::format("{}: working directory {} does not exist", spec.argv[0],
                               spec.cwd.string()));

  SpawnAttrs sa;
  // New process group (pgid = pid, set before exec, so there is no window where a kill of the
  // group misses it); default dispositions and an empty mask, whatever the harness blocked.
  sigset_t empty, defaults;
  sigemptyset(&empty);
  sigemptyset(&defaults);
  for (int sig : {SIGPIPE, SIGINT, SIGTERM, SIGQUIT, SIGHUP, SIGCHLD, SIGUSR1, SIGUSR2, SIGALRM,
                  SIGTTIN, SIGTTOU, SIGTSTP})
    sigaddset(&defaults, sig);
  posix_spawnattr_setflags(&sa.attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
                                         POSIX_SPAWN_SETSIGDEF);
  posix_spawnattr_setpgroup(&sa.attr, 0);
  posix_spawnattr_setsigmask(&sa.attr, &empty);
  posix_spawnattr_setsigdefault(&sa.attr, &defaults);

  auto redirect = [&](int fd, int target, int open_flags) {
    if (fd >= 0)
      posix_spawn_file_actions_adddup2(&sa.actions, fd, target);
    else
      posix_spawn_file_actions_addopen(&sa.actions, target, "/dev/null", open_flags, 0);
  };
  redirect(spec.stdin_fd, 0, O_RDONLY);
  redirect(spec.stdout_fd, 1, O_WRONLY);
  redirect(spec.stderr_fd, 2, O_WRONLY);
  if (!spec.cwd.empty()) posix_spawn_file_actions_addchdir_np(&sa.actions, spec.cwd.c_str());
  // Descriptors that others opened without O_CLOEXEC (libraries, the shell that started us) must
  // not reach the child either: an ssh holding a stray pipe end keeps someone's EOF away.
  posix_spawn_file_actions_addclosefrom_np(&sa.actions, 3);

  std::vector<std::string> args = spec.argv;
  std::vector<std::string> env = build_env(spec.extra_env);
  auto c_args = c_array(args);
  auto c_env = c_array(env);
  pid_t pid = -1;
  int rc = ::posix_spawn(&pid, path->c_str(), &sa.actions, &sa.attr, c_args.data(), c_env.data());
  if (rc != 0)
    throw LabError(fmt::format("{}: cannot start {}: {}", spec.argv[0], *path, std::strerror(rc)));
  pid_ = pid;
  // pidfd lets poll() wake on the exit; the child is not reaped yet, so the pid cannot be reused.
  long pfd = ::syscall(SYS_pidfd_open, pid_, 0);
  if (pfd >= 0) {
    pidfd_.reset(static_cast<int>(pfd));
    ::fcntl(pidfd_.get(), F_SETFD, FD_CLOEXEC);
  }
}

Child::~Child() {
  if (!reaped_) {
    signal_group(SIGKILL);
    reap();
  }
}

bool Child::exited() {
  if (reaped_) return true;
  siginfo_t info{};
  int rc;
  do rc = ::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT);
  while (rc != 0 && errno == EINTR);
  if (rc != 0) return errno == ECHILD;  // reaped behind our back (SIGCHLD ignored): gone
  return info.si_pid == pid_;
}

bool Child::wait_exit(int timeout_ms) {
  timespec start{};
  ::clock_gettime(CLOCK_MONOTONIC, &start);
  auto elapsed_ms = [&] {
    timespec now{};
    ::clock_gettime(CLOCK_MONOTONIC, &now);
    return (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1'000'000;
  };
  while (!exited()) {
    long left = timeout_ms - elapsed_ms();
    if (left <= 0) return false;
    if (pidfd_.valid()) {
      pollfd p{pidfd_.get(), POLLIN, 0};
      ::poll(&p, 1, static_cast<int>(left));  // EINTR: loop re-checks
    } else {
      timespec tick{0, 5'000'000};
      ::nanosleep(&tick, nullptr);
    }
  }
  return true;
}

void Child::signal_group(int sig) {
  if (reaped_ || pid_ <= 0) return;
  ::kill(-pid_, sig);  // ESRCH when the whole group is already gone: fine
}

void Child::terminate_group(int grace_ms) {
  if (reaped_) return;
  signal_group(SIGTERM);
  wait_exit(grace_ms);
  // Descendants that ignored SIGTERM, or that outlived the leader, go now.
  signal_group(SIGKILL);
  reap();
}

int Child::reap() {
  if (reaped_) return exit_status_;
  int status = 0;
  pid_t rc;
  do rc = ::waitpid(pid_, &status, 0);
  while (rc < 0 && errno == EINTR);
  reaped_ = true;
  exit_status_ = rc == pid_ ? decode_status(status) : -1;
  return exit_status_;
}

SigpipeBlock::SigpipeBlock() {
  sigset_t pipe_set, old, pending;
  sigemptyset(&pipe_set);
  sigaddset(&pipe_set, SIGPIPE);
  sigpending(&pending);
  was_pending_ = sigismember(&pending, SIGPIPE) == 1;
  pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
  was_blocked_ = sigismember(&old, SIGPIPE) == 1;
}

SigpipeBlock::~SigpipeBlock() {
  if (was_blocked_) return;  // the caller blocks it anyway: leave everything as it was
  sigset_t pipe_set, pending;
  sigemptyset(&pipe_set);
  sigaddset(&pipe_set, SIGPIPE);
  sigpending(&pending);
  if (!was_pending_ && sigismember(&pending, SIGPIPE) == 1) {
    timespec zero{0, 0};
    while (::sigtimedwait(&pipe_set, nullptr, &zero) < 0 && errno == EINTR) {
    }
  }
  pthread_sigmask(SIG_UNBLOCK, &pipe_set, nullptr);
}

long read_retry(int fd, char* buf, std::size_t n) {
  ssize_t r;
  do r = ::read(fd, buf, n);
  while (r < 0 && errno == EINTR);
  return static_cast<long>(r);
}

}  // namespace harness::detail
