#pragma once
// Remote over the OpenSSH client with one ControlMaster per node: the first call opens the
// connection, every later call is a channel on it (no new TCP or key exchange). See
// docs/REMOTE.md for why OpenSSH rather than libssh, and how failures are told apart.
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "drivers/remote.hpp"
#include "harness/core/clock.hpp"

namespace harness {

struct SshConfig {
  std::string node;                      // "n1": names the node in every message
  std::string host;                      // address or name ssh connects to
  int port = 22;
  std::string user = "root";
  std::filesystem::path identity_file;   // empty: ssh's defaults
  // Host keys are checked strictly against this per-run file ("[host]:port type key" lines for a
  // port other than 22); the lab generates the guests' host keys itself.
  std::filesystem::path known_hosts_file;
  bool insecure_accept_any_host_key = false;  // StrictHostKeyChecking=no; explicit only
  // Where the master's socket lives. Unix socket paths are limited to 108 bytes, and ssh adds a
  // 17-byte suffix while binding, so keep it short. Empty: /tmp/harness-ssh-<pid>.
  std::filesystem::path control_dir;
  int connect_timeout_s = 10;
  int server_alive_interval_s = 5;       // a dead peer is noticed after interval × count
  int server_alive_count_max = 3;
  int control_persist_s = 600;           // an orphaned master (harness killed) exits after this
  std::vector<std::string> extra_options;  // more -o options, e.g. "ProxyJump=labhost"
  std::string ssh_program = "ssh";
};

class SshRemote final : public Remote {
 public:
  // `clock` stamps stream lines; run() uses each call's Deadline clock.
  SshRemote(SshConfig config, Clock& clock);
  ~SshRemote() override;  // closes the master
  SshRemote(const SshRemote&) = delete;
  SshRemote& operator=(const SshRemote&) = delete;

  const std::string& node() const override { return config_.node; }
  // Throws LabError("n1 (10.0.0.1): unreachable over ssh: <ssh's message>") if the command could
  // not be started or the connection was lost; a command's own non-zero exit (255 included) is
  // a result. Past the deadline the local ssh is killed and so is the remote process group.
  CommandResult run(const std::vector<std::string>& argv, const Deadline& deadline,
                    std::string_view stdin_data = {}) override;
  // Atomic: written to a temporary file beside `remote_path`, chmod'ed, then renamed.
  void put_file(std::string_view content, const std::string& remote_path, int mode,
                const Deadline& deadline) override;
  // All in one command: the files travel on its stdin, each after a header line.
  void put_files(const std::vector<FileToPut>& files, const Deadline& deadline) override;
  std::string get_file(const std::string& remote_path, const Deadline& deadline) override;
  std::unique_ptr<Stream> stream(const std::vector<std::string>& argv, LineHandler on_line) override;

  // Retries `true` (backing off) until the node answers; TimeoutError with the last ssh error
  // if it does not by the deadline. A host key mismatch fails at once: waiting will not fix it.
  void wait_ready(const Deadline& deadline);
  // True if the control master is up (`ssh -O check`).
  bool master_alive(const Deadline& deadline);
  // Ends the control master (`ssh -O exit`); later calls open a new one.
  void close();

  // The full ssh command line that runs `remote_argv` (for logs and tests).
  std::vector<std::string> ssh_argv(const std::vector<std::string>& remote_argv) const;
  const SshConfig& config() const { return config_; }
  const std::filesystem::path& control_path_dir() const { return control_dir_; }

 private:
  std::vector<std::string> base_argv() const;
  std::vector<std::string> control_argv(const char* op) const;
  std::string where() const;  // "n1 (10.0.0.1)"
  // Kills a remote process group (TERM, then KILL) over the master; best effort.
  std::function<void(long)> remote_group_killer() const;

  SshConfig config_;
  Clock& clock_;
  std::filesystem::path control_dir_;
  bool created_control_dir_ = false;
};

}  // namespace harness
