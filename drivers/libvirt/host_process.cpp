// /proc readers, a detached spawn (double fork) and a tree-wide stop.
#include "drivers/libvirt/host_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <map>
#include <thread>

#include <fmt/format.h>

#include "drivers/libvirt/lab_record.hpp"
#include "harness/core/errors.hpp"

namespace harness::lab {

namespace fs = std::filesystem;

std::vector<std::int64_t> all_pids() {
  std::vector<std::int64_t> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/proc", ec)) {
    const std::string n = e.path().filename().string();
    if (!n.empty() && n.find_first_not_of("0123456789") == std::string::npos)
      out.push_back(std::stoll(n));
  }
  return out;
}

std::string exe_name(std::int64_t pid) {
  std::error_code ec;
  auto target = fs::read_symlink(fmt::format("/proc/{}/exe", pid), ec);
  if (ec) return "";
  return target.filename().string();
}

std::string process_cmdline(std::int64_t pid) {
  std::ifstream in(fmt::format("/proc/{}/cmdline", pid), std::ios::binary);
  std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (char& c : s)
    if (c == '\0') c = ' ';
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

bool process_running(std::int64_t pid) {
  auto f = proc_stat_fields(pid);
  char st = f.empty() || f[0].empty() ? '\0' : f[0][0];
  return st != '\0' && st != 'Z' && st != 'X';
}

std::int64_t parent_pid(std::int64_t pid) {
  auto f = proc_stat_fields(pid);
  return f.size() > 1 ? std::strtoll(f[1].c_str(), nullptr, 10) : 0;
}

std::int64_t read_pid_file(const fs::path& p) {
  std::ifstream in(p);
  std::int64_t pid = 0;
  if (!(in >> pid)) return 0;
  return pid;
}

std::int64_t spawn_detached(const std::vector<std::string>& argv, const fs::path& log,
                            const std::vector<std::string>& env) {
  if (argv.empty()) throw LabError("spawn: empty command");
  // Everything the children need is built before fork: only async-signal-safe calls after it.
  std::vector<char*> args, envp;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (out < 0) throw LabError(fmt::format("cannot open {}: {}", log.string(), std::strerror(errno)));
  int devnull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  int report[2];  // the grandchild's pid, or its exec errno, comes back through this pipe
  if (devnull < 0 || ::pipe2(report, O_CLOEXEC) != 0) {
    ::close(out);
    if (devnull >= 0) ::close(devnull);
    throw LabError(fmt::format("spawn {}: {}", argv[0], std::strerror(errno)));
  }
  pid_t child = ::fork();
  if (child == 0) {
    ::setsid();
    pid_t grandchild = ::fork();
    if (grandchild != 0) {
      std::int64_t v = grandchild;  // -1 on failure
      (void)!::write(report[1], &v, sizeof v);
      ::_exit(0);
    }
    // The harness blocks and handles some signals; a daemon must start with neither.
    sigset_t empty;
    ::sigemptyset(&empty);
    ::sigprocmask(SIG_SETMASK, &empty, nullptr);
    for (int sig : {SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGCHLD}) ::signal(sig, SIG_DFL);
    ::dup2(devnull, 0);
    ::dup2(out, 1);
    ::dup2(out, 2);
    ::execve(args[0], args.data(), envp.data());
    std::int64_t err = -static_cast<std::int64_t>(errno) - 1000;
    (void)!::write(report[1], &err, sizeof err);
    ::_exit(127);
  }
  ::close(report[1]);
  ::close(out);
  ::close(devnull);
  if (child < 0) {
    ::close(report[0]);
    throw LabError(fmt::format("spawn {}: fork: {}", argv[0], std::strerror(errno)));
  }
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  std::int64_t pid = -1, err = 0;
  ssize_t n = ::read(report[0], &pid, sizeof pid);
  if (n == sizeof pid && pid > 0 && ::read(report[0], &err, sizeof err) == sizeof err && err < -999) {
    ::close(report[0]);
    throw LabError(fmt::format("cannot run {}: {}", argv[0], std::strerror(static_cast<int>(-(err + 1000)))));
  }
  ::close(report[0]);
  if (n != sizeof pid || pid <= 0) throw LabError(fmt::format("spawn {}: fork failed", argv[0]));
  return pid;
}

std::size_t stop_process_trees(const std::set<std::int64_t>& roots, const std::string& what,
                               std::vector<std::string>& errors) {
  std::set<std::int64_t> victims = roots;
  std::map<std::int64_t, std::int64_t> parent;
  for (std::int64_t pid : all_pids()) parent[pid] = parent_pid(pid);
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& [pid, ppid] : parent)
      if (victims.count(ppid) && !victims.count(pid) && process_running(pid))
        grew = victims.insert(pid).second || grew;
  }
  for (std::int64_t pid : victims) ::kill(static_cast<pid_t>(pid), SIGTERM);
  auto alive = [&] {
    std::vector<std::int64_t> left;
    for (std::int64_t pid : victims)
      if (process_running(pid)) left.push_back(pid);
    return left;
  };
  for (int i = 0; i < 30 && !alive().empty(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  for (std::int64_t pid : alive()) ::kill(static_cast<pid_t>(pid), SIGKILL);
  for (int i = 0; i < 20 && !alive().empty(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  for (std::int64_t pid : alive())
    errors.push_back(fmt::format("{} pid {} survived SIGKILL", what, pid));
  return victims.size() - roots.size();
}

}  // namespace harness::lab
