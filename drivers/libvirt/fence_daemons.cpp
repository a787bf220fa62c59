// fence_virtd and ipmi_sim: started detached, found by command line, stopped with children.
#include "drivers/libvirt/fence_daemons.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <regex>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "drivers/libvirt/host_process.hpp"
#include "drivers/libvirt/node_files.hpp"
#include "drivers/remote.hpp"
#include "harness/core/errors.hpp"

namespace harness::lab {

namespace fs = std::filesystem;

namespace {

const char* kHostPath = "PATH=/usr/sbin:/usr/bin:/sbin:/bin";

// The run id of a config file name of daemon `exe`, if the name is one of ours.
std::optional<std::string> run_of(const std::string& exe, const std::string& name) {
  static const std::regex virtd(R"(fence_virtd-([a-z0-9][a-z0-9T-]*)\.conf)");
  static const std::regex bmc(R"(bmc-([a-z0-9][a-z0-9T-]*)-[a-z0-9]+\.conf)");
  std::smatch m;
  if (exe == kFenceVirtdExe && std::regex_match(name, m, virtd)) return m[1].str();
  if (exe == kIpmiSimExe && std::regex_match(name, m, bmc)) return m[1].str();
  return std::nullopt;
}

// Waits until `pid` holds UDP address:port; LabError with the log's new lines if it exits or
// the deadline passes.
void wait_listening(std::int64_t pid, const char* what, const std::string& address, int port,
                    const fs::path& log, std::uintmax_t log_start, const Deadline& deadline) {
  auto new_log = [&] {
    std::string all = read_text(log);
    return all.size() > log_start ? all.substr(log_start) : std::string();
  };
  auto wait = deadline.capped(10);
  for (;;) {
    if (!process_running(pid))
      throw LabError(fmt::format("fencing: {} exited at start; log {}:\n{}", what, log.string(),
                                 tail_lines(new_log(), 10)));
    if (!udp_port_bindable(address, port)) return;
    if (wait.expired())
      throw LabError(fmt::format("fencing: {} (pid {}) did not bind {}:{} within 10 s; log:\n{}",
                                 what, pid, address, port, tail_lines(new_log(), 10)));
    wait.sleep_until(wait.clock().now_ns() + 100 * kNsPerMs);
  }
}

std::uintmax_t size_of(const fs::path& p) {
  std::error_code ec;
  return fs::exists(p, ec) ? fs::file_size(p, ec) : 0;
}

}  // namespace

std::optional<FenceDaemon> fence_daemon_of(std::int64_t pid, const std::string& exe,
                                           const std::string& cmdline, const fs::path& labs_root) {
  const char* flag = exe == kFenceVirtdExe ? "-f" : exe == kIpmiSimExe ? "-c" : nullptr;
  if (!flag) return std::nullopt;
  std::istringstream in(cmdline);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  for (std::size_t i = 0; i + 1 < words.size(); ++i) {
    if (words[i] != flag) continue;
    fs::path config = words[i + 1];
    // <labs_root>/<lab>/fence/<file> and nothing else.
    if (config.parent_path().filename() != "fence" ||
        config.parent_path().parent_path().parent_path() != labs_root)
      continue;
    if (auto run = run_of(exe, config.filename().string()))
      return FenceDaemon{pid, exe, config, *run};
  }
  return std::nullopt;
}

std::vector<FenceDaemon> find_fence_daemons(const fs::path& labs_root) {
  std::vector<FenceDaemon> out;
  for (std::int64_t pid : all_pids()) {
    std::string exe = exe_name(pid);
    if (exe != kFenceVirtdExe && exe != kIpmiSimExe) continue;
    if (!process_running(pid)) continue;
    if (auto d = fence_daemon_of(pid, exe, process_cmdline(pid), labs_root)) out.push_back(*d);
  }
  return out;
}

std::vector<std::string> stop_fence_daemon(const fs::path& config, std::int64_t recorded_pid,
                                           std::vector<std::string>& errors) {
  const fs::path labs_root = config.parent_path().parent_path().parent_path();
  std::set<std::int64_t> found;
  std::string what;
  for (const auto& d : find_fence_daemons(labs_root))
    if (d.config == config) {
      found.insert(d.pid);
      what = d.exe;
    }
  // The recorded pid counts only if it is still that daemon (pids are reused).
  if (recorded_pid > 0 && !found.count(recorded_pid)) {
    auto d = fence_daemon_of(recorded_pid, exe_name(recorded_pid), process_cmdline(recorded_pid),
                             labs_root);
    if (d && d->config == config && process_running(recorded_pid)) found.insert(recorded_pid);
  }
  if (found.empty()) return {};
  stop_process_trees(found, what + " (" + config.string() + ")", errors);
  std::vector<std::string> out;
  for (std::int64_t pid : found) out.push_back(fmt::format("{} pid {} ({})", what, pid, config.filename().string()));
  return out;
}

bool udp_port_bindable(const std::string& address, int port) {
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(static_cast<uint16_t>(port));
  if (::inet_pton(AF_INET, address.c_str(), &sa.sin_addr) != 1) return false;
  int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0;
  ::close(fd);
  return ok;
}

std::int64_t start_fence_virtd(const std::string& program, const XvmFiles& f, int port,
                               const Deadline& deadline) {
  // The multicast listener binds the wildcard address on its port.
  if (!udp_port_bindable("0.0.0.0", port))
    throw LabError(fmt::format("fencing: UDP port {} is taken on this host; fence_virtd of this "
                               "run needs it (another lab's, or a fence_virtd of the host's own?)",
                               port));
  std::uintmax_t log_start = size_of(f.log());
  std::int64_t pid = spawn_detached({program, "-F", "-f", f.config().string(), "-p",
                                     f.pid_file().string()},
                                    f.log(), {kHostPath});
  wait_listening(pid, "fence_virtd", "0.0.0.0", port, f.log(), log_start, deadline);
  return pid;
}

std::int64_t start_bmc(const std::string& program, const BmcFiles& f, const std::string& address,
                       int port, const Deadline& deadline, const std::vector<std::string>& env) {
  if (!udp_port_bindable(address, port))
    throw LabError(fmt::format("fencing: UDP {}:{} is taken; the BMC of {} needs it", address,
                               port, f.node));
  std::error_code ec;
  fs::create_directories(f.state_dir(), ec);
  std::uintmax_t log_start = size_of(f.log());
  // -n: no console on stdio; -p: nothing persists (users and LAN settings come from the
  // config each start); -s: its state directory all the same, inside the lab's.
  std::int64_t pid = spawn_detached({program, "-n", "-p", "-c", f.config().string(), "-f",
                                     f.emu().string(), "-s", f.state_dir().string()},
                                    f.log(), env.empty() ? std::vector<std::string>{kHostPath} : env);
  wait_listening(pid, ("ipmi_sim of " + f.node).c_str(), address, port, f.log(), log_start, deadline);
  return pid;
}

}  // namespace harness::lab
