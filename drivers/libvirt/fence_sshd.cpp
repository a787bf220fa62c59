// The lab's fencing sshd: rendering its files, starting it, finding and stopping it by its
// command line.
#include "drivers/libvirt/fence_sshd.hpp"
#include "drivers/libvirt/lab_record.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "drivers/libvirt/host_process.hpp"
#include "drivers/libvirt/node_files.hpp"
#include "drivers/remote/process.hpp"
#include "drivers/remote/shell_quote.hpp"
#include "harness/core/errors.hpp"

namespace harness::lab {

namespace fs = std::filesystem;

namespace {
// sshd_config values and authorized_keys options are spliced as they are: no whitespace, no
// quotes, no '%' (sshd expands %h, %u... in AuthorizedKeysFile), no control characters.
void check_plain(const std::string& s, const char* what) {
  for (unsigned char c : s)
    if (c <= ' ' || c == '"' || c == '\'' || c == '%' || c == '\\' || c == 0x7f)
      throw LabError(fmt::format("fencing: {} '{}' contains a character sshd_config or "
                                 "authorized_keys cannot take (whitespace, quote, % or \\)",
                                 what, s));
}

// "ssh-ed25519 AAAA... comment\n" -> "ssh-ed25519 AAAA... comment"
std::string one_line(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  if (s.find('\n') != std::string::npos)
    throw LabError("fencing: a public key must be one line");
  return s;
}

std::string key_type_and_blob(const std::string& pub) {
  std::istringstream in(pub);
  std::string type, blob;
  in >> type >> blob;
  if (type.empty() || blob.empty()) throw LabError("fencing: malformed public key: " + pub);
  return type + " " + blob;
}

}  // namespace

FenceFiles fence_files(const fs::path& lab_dir, const std::string& run_id) {
  return FenceFiles{lab_dir / "fence", run_id};
}

std::string render_fence_sshd_config(const FenceSshdParams& p) {
  const FenceFiles& f = p.files;
  for (const fs::path& path : {f.host_key(), f.pid_file(), f.authorized_keys(), f.shell()})
    check_plain(path.string(), "path");
  check_plain(p.listen_address, "listen address");
  if (p.port < 1 || p.port > 65535) throw LabError(fmt::format("fencing: bad port {}", p.port));
  std::string s = fmt::format(
      "# Fencing endpoint of lab {} run {} (written by the harness, drivers/libvirt/fence_sshd.hpp).\n"
      "# fence_virsh in the target guests logs in as root with the run's fence key and drives\n"
      "# virsh through a prompt; the forced command answers only the lab's own virsh calls.\n",
      p.lab, p.run_id);
  s += fmt::format("ListenAddress {}\nPort {}\nAddressFamily inet\n", p.listen_address, p.port);
  s += fmt::format("HostKey {}\nPidFile {}\n", f.host_key().string(), f.pid_file().string());
  s += fmt::format("AuthorizedKeysFile {}\nAuthorizedPrincipalsFile none\n",
                   f.authorized_keys().string());
  s += "AuthenticationMethods publickey\nPubkeyAuthentication yes\nPasswordAuthentication no\n"
       "KbdInteractiveAuthentication no\nHostbasedAuthentication no\n";
  // Root only, and only with a key that carries command= (authorized_keys); ForceCommand
  // covers any other key that might appear there.
  s += "PermitRootLogin forced-commands-only\nAllowUsers root\n";
  s += fmt::format("ForceCommand {}\n", f.shell().string());
  // fence_virsh runs `ssh -t` and expects a prompt: a PTY is needed. external/libvirt's
  // qemu+ssh carries libvirt's RPC stream: no PTY.
  s += fmt::format("PermitTTY {}\n", p.pty ? "yes" : "no");
  s += "StrictModes yes\n";
  s += fmt::format("UsePAM {}\n", p.use_pam ? "yes" : "no");
  s += "AllowTcpForwarding no\nAllowAgentForwarding no\nAllowStreamLocalForwarding no\n"
       "X11Forwarding no\nPermitTunnel no\nGatewayPorts no\nPermitOpen none\nPermitListen none\n"
       "PermitUserEnvironment no\nPermitUserRC no\n";
  // No Subsystem line: no sftp.
  s += "PrintMotd no\nPrintLastLog no\nUseDNS no\n";
  // A fenced guest vanishes mid-session: drop its session within 15 s.
  s += "ClientAliveInterval 5\nClientAliveCountMax 3\nLoginGraceTime 20\nMaxAuthTries 3\n";
  // Every fence_virsh action (start, monitor, off, on) is a new ssh connection from a target
  // guest. OpenSSH 9.2's default key exchange, sntrup761x25519, costs its client 0.8 s of a TCG
  // guest's vCPU (curve25519: 0.2 s; ssh's whole login 2.6 s against 1.5 s), and Pacemaker runs
  // those actions one at a time beside the resources' probes and starts.
  s += "KexAlgorithms curve25519-sha256,curve25519-sha256@libssh.org\n";
  // VERBOSE logs the key fingerprint of every login: the log shows each fence call.
  s += "LogLevel VERBOSE\n";
  return s;
}

std::string render_fence_authorized_key(const std::string& public_key,
                                        const std::vector<std::string>& from,
                                        const fs::path& shell, bool pty) {
  if (from.empty()) throw LabError("fencing: no address may use the fence key");
  for (const auto& a : from) check_plain(a, "address");
  check_plain(shell.string(), "path");
  std::string line = one_line(public_key);
  return fmt::format("from=\"{}\",command=\"{}\",restrict{} {}\n", fmt::join(from, ","),
                     shell.string(), pty ? ",pty" : "", line);
}

std::string render_fence_shell(const std::string& virsh, const std::string& uri,
                               const std::vector<std::string>& domains, const std::string& run_id) {
  for (const auto& d : domains)
    if (d.empty() || d.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-_.") != std::string::npos)
      throw LabError(fmt::format("fencing: domain name '{}' is not a plain name", d));
  std::string s = fmt::format(
      "#!/bin/bash\n"
      "# fence_virsh's login on this host for run {} (written by the harness,\n"
      "# drivers/libvirt/fence_sshd.hpp). fence_virsh waits for the prompt \"[EXPECT]# \" and sends\n"
      "# virsh command lines: only these virsh calls on the run's target domains are run.\n",
      run_id);
  s += "export LC_ALL=C PATH=/usr/sbin:/usr/bin:/sbin:/bin\n";
  s += fmt::format("virsh={}\nuri={}\ndomains={}\n", shell_quote(virsh), shell_quote(uri),
                   shell_quote(fmt::format(" {} ", fmt::join(domains, " "))));
  s += R"SH(ours() { [[ -n $1 && $domains == *" $1 "* ]]; }
while :; do
  printf '[EXPECT]# '
  IFS= read -r line || exit 0
  line=${line%$'\r'}
  read -r -a w <<< "$line"
  case "${w[0]-}" in
    '') continue ;;
    quit|exit|logout) exit 0 ;;
  esac
  if [[ ${#w[@]} -eq 3 && ${w[0]} == virsh && ${w[1]} == list && ${w[2]} == --all ]]; then
    "$virsh" -c "$uri" list --all | awk -v d="$domains" 'NR <= 2 || ($2 != "" && index(d, " " $2 " "))'
  elif [[ ${#w[@]} -eq 3 && ${w[0]} == virsh && ${w[1]} =~ ^(domstate|start|destroy)$ ]] && ours "${w[2]}"; then
    "$virsh" -c "$uri" "${w[1]}" "${w[2]}"
  else
    printf 'error: not allowed on this fencing login: %s\n' "$line"
  fi
done
)SH";
  return s;
}

std::string render_fence_libvirt_proxy(const std::string& helper, const std::string& uri,
                                      const std::string& run_id) {
  return fmt::format(
      "#!/bin/sh\n"
      "# external/libvirt's login on this host for run {} (written by the harness,\n"
      "# drivers/libvirt/fence_sshd.hpp): whatever the client asked to run, the session is\n"
      "# libvirt's RPC stream to the lab's URI and nothing else.\n"
      "exec {} {}\n",
      run_id, shell_quote(helper), shell_quote(uri));
}

std::string fence_known_hosts_line(const std::string& address, const std::string& host_public_key) {
  return fmt::format("{},[{}]:{} {}\n", address, address, kFenceAltPort,
                     key_type_and_blob(host_public_key));
}

std::vector<FenceGuestFile> fence_guest_files(const std::string& client_private_key,
                                              const std::string& known_hosts_line) {
  return {{"root/etc/harness/fence_key", client_private_key, 0600},
          {"root/etc/ssh/ssh_known_hosts", known_hosts_line, 0644}};
}

std::string insecure_directory(const fs::path& file) {
  fs::path p = fs::absolute(file).lexically_normal().parent_path();
  for (;;) {
    struct stat st{};
    if (::stat(p.c_str(), &st) != 0) return p.string() + " (missing)";
    if (st.st_uid != 0 || (st.st_mode & 022) != 0)
      return fmt::format("{} (owner uid {}, mode {:04o})", p.string(), st.st_uid, st.st_mode & 07777);
    if (p == p.root_path() || !p.has_parent_path() || p.parent_path() == p) return "";
    p = p.parent_path();
  }
}

bool tcp_port_bindable(const std::string& address, int port) {
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(static_cast<uint16_t>(port));
  if (::inet_pton(AF_INET, address.c_str(), &sa.sin_addr) != 1) return false;
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0;
  ::close(fd);
  return ok;
}

bool root_password_locked() {
  std::ifstream in("/etc/shadow");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("root:", 0) == 0) return line.size() > 5 && line[5] == '!';
  return false;
}

bool is_fence_sshd(std::int64_t pid, const fs::path& config) {
  if (pid <= 0 || !process_running(pid)) return false;
  if (exe_name(pid).rfind("sshd", 0) != 0) return false;
  // The config path as a whole word: "-f <config>" followed by a space or the end.
  std::string cmd = process_cmdline(pid) + " ";
  return cmd.find(" " + config.string() + " ") != std::string::npos;
}

std::optional<std::string> run_id_of_fence_config(const fs::path& config) {
  static const std::regex re(R"(sshd-([a-z0-9][a-z0-9T-]*)\.conf)");
  std::smatch m;
  std::string name = config.filename().string();
  if (config.parent_path().filename() != "fence" || !std::regex_match(name, m, re)) return std::nullopt;
  return m[1].str();
}

std::map<std::int64_t, fs::path> find_fence_sshds(const fs::path& labs_root) {
  std::map<std::int64_t, fs::path> out;
  const std::string prefix = labs_root.string() + "/";
  for (std::int64_t pid : all_pids()) {
    if (exe_name(pid).rfind("sshd", 0) != 0) continue;
    std::string cmd = process_cmdline(pid) + " ";
    auto f = cmd.find(" -f " + prefix);
    if (f == std::string::npos) continue;
    auto start = f + 4;
    fs::path config = cmd.substr(start, cmd.find(' ', start) - start);
    // <labs_root>/<lab>/fence/sshd-<run>.conf and nothing else.
    if (config.parent_path().parent_path().parent_path() != labs_root ||
        !run_id_of_fence_config(config))
      continue;
    if (is_fence_sshd(pid, config)) out[pid] = config;
  }
  return out;
}

std::int64_t start_fence_sshd(const std::string& sshd, const FenceFiles& f, const Deadline& deadline) {
  // Privilege separation directory: Debian's ssh.service makes it; without systemd nobody has.
  if (::mkdir("/run/sshd", 0755) != 0 && errno != EEXIST)
    throw LabError(fmt::format("fencing: cannot create /run/sshd: {}", std::strerror(errno)));
  std::error_code ec;
  fs::remove(f.pid_file(), ec);
  std::uintmax_t log_start = fs::exists(f.log(), ec) ? fs::file_size(f.log(), ec) : 0;
  auto new_log = [&] {
    std::string all = read_text(f.log());
    return all.size() > log_start ? all.substr(log_start) : std::string();
  };
  std::vector<std::string> argv = {sshd, "-f", f.config().string(), "-E", f.log().string()};
  auto r = run_process(argv, deadline.capped(15));
  if (r.exit_status != 0)
    throw LabError(fmt::format("fencing: {}\n{}", describe_failure("host", argv, r),
                               tail_lines(new_log(), 10)));
  // sshd forks into the background before it binds; the pid file appears once it listens.
  auto wait = deadline.capped(10);
  for (;;) {
    std::int64_t pid = read_pid_file(f.pid_file());
    if (pid > 0 && is_fence_sshd(pid, f.config())) return pid;
    std::string log = new_log();
    if (log.find("fatal:") != std::string::npos)
      throw LabError(fmt::format("fencing: sshd on the management network did not start: {}",
                                 tail_lines(log, 10)));
    if (wait.expired())
      throw LabError(fmt::format("fencing: sshd wrote no pid file {} within 10 s; log:\n{}",
                                 f.pid_file().string(), tail_lines(log, 10)));
    wait.sleep_until(wait.clock().now_ns() + 100 * kNsPerMs);
  }
}

std::vector<std::string> stop_fence_sshd(const fs::path& config, std::int64_t recorded_pid,
                                         std::vector<std::string>& errors) {
  std::set<std::int64_t> listeners;
  std::int64_t from_file = read_pid_file(config.parent_path() / "sshd.pid");
  for (std::int64_t pid : {recorded_pid, from_file})
    if (is_fence_sshd(pid, config)) listeners.insert(pid);
  for (const auto& [pid, cfg] : find_fence_sshds(config.parent_path().parent_path().parent_path()))
    if (cfg == config) listeners.insert(pid);
  if (listeners.empty()) return {};
  // Open fence sessions descend from the listener ("sshd: root [priv]", "sshd: root@pts/0",
  // the fence-shell and its virsh): ours too.
  std::size_t sessions = stop_process_trees(listeners, "fence sshd (" + config.string() + ")", errors);
  std::vector<std::string> out;
  for (std::int64_t pid : listeners)
    out.push_back(fmt::format("fence sshd pid {} ({} sessions)", pid, sessions));
  return out;
}

}  // namespace harness::lab
