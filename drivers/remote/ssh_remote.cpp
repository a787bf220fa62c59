#include "drivers/remote/ssh_remote.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <functional>
#include <system_error>

#include <fmt/format.h>

#include "drivers/remote/process.hpp"
#include "drivers/remote/shell_quote.hpp"
#include "drivers/remote/spawn.hpp"
#include "harness/core/errors.hpp"

namespace harness {

namespace {
// The remote shell prints its pid (the session leader sshd made with setsid, hence the process
// group of the command) on stderr before running the command, so that a command abandoned at
// its deadline can be killed, and so that "the command started" is known for an exit of 255.
constexpr std::string_view kPgidMarker = "harness-pgid=";
constexpr std::size_t kOpenSshSocketSuffix = 17;  // ".XXXXXXXXXXXXXXXX" while binding
constexpr std::size_t kSunPathMax = 108;
constexpr std::size_t kControlHashLen = 40;       // %C: a SHA-1 in hex

// Removes the marker line from `err`; returns the pgid it named, or -1 if the shell never ran.
long take_marker(std::string& err) {
  if (err.compare(0, kPgidMarker.size(), kPgidMarker) != 0) return -1;
  auto nl = err.find('\n');
  if (nl == std::string::npos) return -1;
  long pgid = std::strtol(err.c_str() + kPgidMarker.size(), nullptr, 10);
  err.erase(0, nl + 1);
  return pgid > 1 ? pgid : -1;
}

// The tail of ssh's own complaint, on one line.
std::string ssh_complaint(const std::string& err) {
  std::string t = tail_lines(err, 3);
  std::replace(t.begin(), t.end(), '\n', ' ');
  std::erase(t, '\r');
  return t.empty() ? "ssh exited 255 without a message" : t;
}

bool is_host_key_failure(std::string_view msg) {
  return msg.find("Host key verification failed") != std::string_view::npos ||
         msg.find("HOST IDENTIFICATION HAS CHANGED") != std::string_view::npos ||
         msg.find("No ED25519 host key is known") != std::string_view::npos ||
         msg.find("host key is known") != std::string_view::npos;
}
}  // namespace

SshRemote::SshRemote(SshConfig config, Clock& clock) : config_(std::move(config)), clock_(clock) {
  if (config_.host.empty()) throw LabError(config_.node + ": ssh: no host address configured");
  if (config_.known_hosts_file.empty() && !config_.insecure_accept_any_host_key)
    throw LabError(where() + ": ssh: a known_hosts file is required (strict host key checking);"
                             " set insecure_accept_any_host_key to skip the check explicitly");
  control_dir_ = config_.control_dir.empty()
                     ? std::filesystem::path(fmt::format("/tmp/harness-ssh-{}", ::getpid()))
                     : config_.control_dir;
  std::size_t socket_len =
      control_dir_.string().size() + 4 + kControlHashLen + kOpenSshSocketSuffix;  // "/cm-"
  if (socket_len >= kSunPathMax)
    throw LabError(fmt::format("{}: ssh control directory {} is too long for a unix socket path "
                               "({} bytes with the socket name; the limit is {})",
                               where(), control_dir_.string(), socket_len, kSunPathMax - 1));
  std::error_code ec;
  if (!std::filesystem::exists(control_dir_, ec)) {
    if (!std::filesystem::create_directories(control_dir_, ec) && ec)
      throw LabError(fmt::format("{}: cannot create ssh control directory {}: {}", where(),
                                 control_dir_.string(), ec.message()));
    ::chmod(control_dir_.c_str(), 0700);  // the socket grants the connection to whoever can reach it
    created_control_dir_ = true;
  }
}

SshRemote::~SshRemote() {
  try {
    close();
  } catch (...) {
    // A destructor must not throw; the master exits by itself after ControlPersist.
  }
  if (created_control_dir_) {
    std::error_code ec;
    std::filesystem::remove(control_dir_, ec);  // only if empty: other nodes may share it
  }
}

std::string SshRemote::where() const { return fmt::format("{} ({})", config_.node, config_.host); }

std::vector<std::string> SshRemote::base_argv() const {
  std::vector<std::string> a = {config_.ssh_program, "-F", "none", "-T",
                                "-p", std::to_string(config_.port), "-l", config_.user};
  auto opt = [&](std::string o) {
    a.push_back("-o");
    a.push_back(std::move(o));
  };
  if (!config_.identity_file.empty()) {
    a.push_back("-i");
    a.push_back(config_.identity_file.string());
    opt("IdentitiesOnly=yes");
  }
  opt("BatchMode=yes");
  opt("LogLevel=ERROR");
  if (config_.insecure_accept_any_host_key) {
    opt("StrictHostKeyChecking=no");
    opt("UserKnownHostsFile=/dev/null");
  } else {
    opt("StrictHostKeyChecking=yes");
    opt("UserKnownHostsFile=" + config_.known_hosts_file.string());
  }
  opt("GlobalKnownHostsFile=/dev/null");
  opt("CheckHostIP=no");
  opt("UpdateHostKeys=no");
  opt(fmt::format("ConnectTimeout={}", config_.connect_timeout_s));
  opt(fmt::format("ServerAliveInterval={}", config_.server_alive_interval_s));
  opt(fmt::format("ServerAliveCountMax={}", config_.server_alive_count_max));
  opt("ControlMaster=auto");
  opt("ControlPath=" + (control_dir_ / "cm-%C").string());
  opt(fmt::format("ControlPersist={}", config_.control_persist_s));
  opt("ForwardAgent=no");
  opt("ForwardX11=no");
  for (const auto& o : config_.extra_options) opt(o);
  return a;
}

std::vector<std::string> SshRemote::ssh_argv(const std::vector<std::string>& remote_argv) const {
  auto a = base_argv();
  a.push_back("--");
  a.push_back(config_.host);
  // `; exit $?` keeps the shell as the parent (no exec of the last command), so a command killed
  // by a signal reports 128+N rather than making ssh itself exit 255.
  a.push_back(fmt::format("printf '{}%s\\n' \"$$\" >&2; {}; exit $?", kPgidMarker,
                          shell_join(remote_argv)));
  return a;
}

std::vector<std::string> SshRemote::control_argv(const char* op) const {
  auto a = base_argv();
  a.insert(a.end(), {"-O", op, "--", config_.host});
  return a;
}

bool SshRemote::master_alive(const Deadline& deadline) {
  try {
    return run_process(control_argv("check"), deadline).exit_status == 0;
  } catch (const TimeoutError&) {
    return false;
  }
}

void SshRemote::close() {
  auto clock = make_system_clock();
  if (std::filesystem::exists(control_dir_)) {
    try {
      run_process(control_argv("exit"), Deadline::after(*clock, 5));
    } catch (const LabError&) {
      // No master, or it did not answer: nothing more to close.
    }
  }
}

std::function<void(long)> SshRemote::remote_group_killer() const {
  // Holds a copy of the command line, not `this`: a stream may outlive its SshRemote.
  auto prefix = base_argv();
  prefix.insert(prefix.end(), {"--", config_.host});
  return [prefix](long pgid) {
    // A fresh, short real-time deadline: the caller's has passed or was stopped. The pgid is a
    // number we parsed, so formatting it into the script is safe.
    auto clock = make_system_clock();
    auto argv = prefix;
    argv.push_back(fmt::format("kill -TERM -- -{0} 2>/dev/null; sleep 0.2; "
                               "kill -KILL -- -{0} 2>/dev/null; true", pgid));
    try {
      run_process(argv, Deadline::after(*clock, 5));
    } catch (const Error&) {
      // Best effort: the node may be the one that is down.
    }
  };
}

CommandResult SshRemote::run(const std::vector<std::string>& argv, const Deadline& deadline,
                             std::string_view stdin_data) {
  if (argv.empty()) throw LabError(where() + ": empty argument vector");
  CommandResult partial;
  ProcessOptions options;
  options.partial = &partial;
  CommandResult r;
  try {
    r = run_process(ssh_argv(argv), deadline, stdin_data, options);
  } catch (const TimeoutError&) {
    long pgid = take_marker(partial.err);
    if (pgid > 0) remote_group_killer()(pgid);
    std::string tail = tail_lines(partial.err, 5);
    throw TimeoutError(fmt::format("{}: `{}`: deadline of {:.3g}s passed{}{}", where(),
                                   detail::argv_for_message(argv),
                                   ns_to_seconds(std::max<std::int64_t>(deadline.at_ns() - partial.start_ns, 0)),
                                   tail.empty() ? "" : ": ", tail));
  } catch (const Interrupted&) {
    long pgid = take_marker(partial.err);
    if (pgid > 0) remote_group_killer()(pgid);
    throw Interrupted(fmt::format("{}: `{}`: interrupted", where(), detail::argv_for_message(argv)));
  }
  long pgid = take_marker(r.err);
  if (r.exit_status == 255) {
    // ssh exits 255 for its own failures, and passes on a command's 255. No marker: the remote
    // shell never ran, so ssh failed. Marker: the command ran; if the master is gone too, the
    // connection was lost under it, else the 255 is the command's.
    auto check_clock = make_system_clock();
    if (pgid < 0 || !master_alive(Deadline::after(*check_clock, 5)))
      throw LabError(fmt::format("{}: {} over ssh: {}", where(),
                                 pgid < 0 ? "unreachable" : "connection lost", ssh_complaint(r.err)));
  }
  return r;
}

void SshRemote::put_file(std::string_view content, const std::string& remote_path, int mode,
                         const Deadline& deadline) {
  // The script is constant; the path and mode travel as positional arguments, never as code.
  static const std::string kScript =
      "umask 077; tmp=\"$1.harness-tmp.$$\"; "
      "if cat > \"$tmp\" && chmod \"$2\" \"$tmp\" && mv -f \"$tmp\" \"$1\"; then exit 0; fi; "
      "rm -f \"$tmp\"; exit 1";
  std::vector<std::string> argv = {"sh", "-c", kScript, "sh", remote_path,
                                   fmt::format("{:04o}", mode)};
  auto r = run(argv, deadline, content);
  if (r.exit_status != 0)
    throw LabError(describe_failure(config_.node, {"put_file", remote_path}, r));
}

void SshRemote::put_files(const std::vector<FileToPut>& files, const Deadline& deadline) {
  if (files.empty()) return;
  // Constant script; the stream on stdin is, per file, three lines (mode in octal, size in
  // bytes, path) and then exactly that many bytes (`head -c` reads no further). Every file goes
  // through a temporary beside it, checked for its size, then renamed into place.
  static const std::string kScript =
      "while IFS= read -r mode && IFS= read -r size && IFS= read -r path; do "
      "dir=${path%/*}; "
      "if [ -n \"$dir\" ] && [ ! -d \"$dir\" ]; then mkdir -p -- \"$dir\" || exit 1; fi; "
      "tmp=\"$path.harness-tmp.$$\"; "
      "if (umask 077; head -c \"$size\" > \"$tmp\") && [ \"$(wc -c < \"$tmp\")\" -eq \"$size\" ] && "
      "chmod \"$mode\" \"$tmp\" && mv -f \"$tmp\" \"$path\"; then continue; fi; "
      "rm -f \"$tmp\"; echo \"cannot write $path\" >&2; exit 1; "
      "done";
  std::string stream;
  std::vector<std::string> names = {"put_files"};
  for (const auto& f : files) {
    // Absolute (the script takes everything before the last '/' as the directory), one line.
    if (f.path.empty() || f.path.front() != '/' || f.path.find('\n') != std::string::npos ||
        f.path.find('\0') != std::string::npos)
      throw LabError(fmt::format("{}: put_files: unusable path '{}'", config_.node, f.path));
    stream += fmt::format("{:04o}\n{}\n{}\n", f.mode, f.content.size(), f.path);
    stream += f.content;
    names.push_back(f.path);
  }
  auto r = run({"sh", "-c", kScript, "sh"}, deadline, stream);
  if (r.exit_status != 0) throw LabError(describe_failure(config_.node, names, r));
}

std::string SshRemote::get_file(const std::string& remote_path, const Deadline& deadline) {
  std::vector<std::string> argv = {"cat", "--", remote_path};
  auto r = run(argv, deadline);
  if (r.exit_status != 0) throw LabError(describe_failure(config_.node, argv, r));
  return std::move(r.out);
}

namespace {
// Stopping the local ssh leaves the remote command running until it next writes (SIGPIPE); a
// silent one (journalctl -f on a quiet node) would linger, so stop() kills its group too.
class SshStream final : public ProcessStream {
 public:
  SshStream(std::unique_ptr<Stream> inner, std::function<void(long)> kill_remote)
      : inner_(std::move(inner)), kill_remote_(std::move(kill_remote)) {}
  ~SshStream() override { stop(); }
  void stop() override {
    if (stopped_) return;
    stopped_ = true;
    bool was_running = inner_->running();
    std::string err = process().stderr_tail();
    inner_->stop();
    long pgid = take_marker(err);
    if (was_running && pgid > 0) kill_remote_(pgid);
  }
  bool running() const override { return inner_->running(); }
  bool send(std::string_view data) override { return !stopped_ && inner_->send(data); }
  int exit_status() const override { return process().exit_status(); }
  std::string stderr_tail() const override {
    std::string err = process().stderr_tail();
    take_marker(err);
    return err;
  }

 private:
  const ProcessStream& process() const { return static_cast<const ProcessStream&>(*inner_); }
  std::unique_ptr<Stream> inner_;
  std::function<void(long)> kill_remote_;
  bool stopped_ = false;
};
}  // namespace

std::unique_ptr<Stream> SshRemote::stream(const std::vector<std::string>& argv, LineHandler on_line) {
  // The pgid marker goes to the stream's stderr, never to the line handler.
  auto inner = stream_process(ssh_argv(argv), std::move(on_line), clock_);
  return std::make_unique<SshStream>(std::move(inner), remote_group_killer());
}

void SshRemote::wait_ready(const Deadline& deadline) {
  double backoff_s = 0.1;
  std::string last = "no attempt made";
  for (;;) {
    if (deadline.stop_requested()) throw Interrupted(where() + ": waiting for ssh: interrupted");
    if (deadline.expired())
      throw TimeoutError(fmt::format("{}: not reachable over ssh before the deadline; last error: {}",
                                     where(), last));
    try {
      auto r = run({"true"}, deadline.capped(config_.connect_timeout_s + 5.0));
      if (r.exit_status == 0) return;
      last = describe_failure(config_.node, {"true"}, r);
    } catch (const TimeoutError& e) {
      last = e.what();
    } catch (const LabError& e) {
      last = e.what();
      if (is_host_key_failure(last)) throw;  // retrying will not change the key
    }
    deadline.sleep_until(deadline.clock().now_ns() + seconds_to_ns(backoff_s));  // loop head decides
    backoff_s = std::min(backoff_s * 2, 2.0);
  }
}

}  // namespace harness
