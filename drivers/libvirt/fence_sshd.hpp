#pragma once
// The host side of fencing with fence_virsh: one dedicated sshd per lab on the host's address
// of the lab's management network. The target guests' Pacemaker fence devices ssh in with a
// per-run key (its private half goes into each target's config disk as /etc/harness/fence_key)
// and drive virsh through an interactive prompt. The key is no root shell on the host: the
// login runs a forced command (fence-shell) that answers only `virsh list --all`, `virsh
// domstate|start|destroy DOMAIN` for the lab's target domains, and `quit`.
//
// Everything lives in <lab dir>/fence/ (0700) and is named with the run id, so the process is
// identified by its command line (`sshd -f <lab dir>/fence/sshd-<run id>.conf`), never by name:
// teardown and `harness cleanup` stop only an sshd whose executable is sshd and whose command
// line names that file.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "drivers/libvirt/host_process.hpp"
#include "harness/core/deadline.hpp"

namespace harness::lab {

inline constexpr const char* kFenceGuestKeyPath = "/etc/harness/fence_key";
inline constexpr const char* kFenceLogin = "root";
inline constexpr int kFencePort = 22;
inline constexpr int kFenceAltPort = 2222;  // when something else holds port 22 on the address

// File names inside <lab dir>/fence/.
struct FenceFiles {
  std::filesystem::path dir;  // <lab dir>/fence
  std::string run_id;
  std::filesystem::path config() const { return dir / ("sshd-" + run_id + ".conf"); }
  std::filesystem::path pid_file() const { return dir / "sshd.pid"; }
  std::filesystem::path log() const { return dir / "sshd.log"; }
  std::filesystem::path host_key() const { return dir / "ssh_host_ed25519_key"; }
  std::filesystem::path client_key() const { return dir / "fence_key"; }  // copied to the guests
  std::filesystem::path authorized_keys() const { return dir / "authorized_keys"; }
  std::filesystem::path shell() const { return dir / "fence-shell"; }
};
FenceFiles fence_files(const std::filesystem::path& lab_dir, const std::string& run_id);

struct FenceSshdParams {
  std::string lab, run_id;
  std::string listen_address;  // the host's IPv4 on the lab's mgmt network
  int port = kFencePort;
  FenceFiles files;
  bool use_pam = false;  // only where root's password is locked ('!'): sshd refuses it without PAM
  bool pty = true;       // fence_virsh's prompt needs one; external/libvirt's RPC stream does not
};
// The sshd_config: listens on listen_address:port only, public keys from files.authorized_keys()
// only, root only with a forced command, no passwords, no forwarding of any kind, StrictModes.
std::string render_fence_sshd_config(const FenceSshdParams& p);

// The one authorized_keys line: `from="<addresses>",command="<shell>",restrict,pty <key>`.
// restrict = no port/agent/X11 forwarding, no ~/.ssh/rc, no PTY; `pty` gives the PTY back
// because fence_virsh logs in with `ssh -t` and drives a prompt. `public_key` is
// "ssh-ed25519 AAAA... comment" (trailing newline allowed). Throws LabError on characters that
// would break the quoting (", newline) in the addresses or the shell path.
std::string render_fence_authorized_key(const std::string& public_key,
                                        const std::vector<std::string>& from,
                                        const std::filesystem::path& shell, bool pty = true);

// The forced command for external/libvirt (fence.agent), in place of fence-shell: the guests'
// virsh connects with qemu+ssh://root@<address>/system and this login execs
// `virt-ssh-helper <uri>` (libvirt's own ssh proxy), whatever command the client sent. Unlike
// fence-shell it does not narrow the API to the lab's domains: the key, usable only from the
// targets' addresses, reaches the whole libvirt connection (docs/FENCING.md).
std::string render_fence_libvirt_proxy(const std::string& helper, const std::string& uri,
                                       const std::string& run_id);

// The forced command: prints fence_virsh's prompt "[EXPECT]# " and runs only
// `virsh list --all` (filtered to `domains`), `virsh domstate|start|destroy D` for D in
// `domains`; `quit`/`exit` end the session; anything else gets "error: ..." and no effect.
std::string render_fence_shell(const std::string& virsh, const std::string& uri,
                               const std::vector<std::string>& domains, const std::string& run_id);

// known_hosts line for the guests (/etc/ssh/ssh_known_hosts): the fence sshd's host key under
// both ports it may listen on, so the guests' ssh checks it strictly whatever port was free.
std::string fence_known_hosts_line(const std::string& address, const std::string& host_public_key);

// Config disk entries (CONFIG DISK CONTRACT, drivers/image/image.hpp) for a target node:
// root/etc/harness/fence_key (0600) and root/etc/ssh/ssh_known_hosts (0644), as
// {relative path, content, mode}.
struct FenceGuestFile {
  std::string path, content;
  int mode = 0644;
};
std::vector<FenceGuestFile> fence_guest_files(const std::string& client_private_key,
                                              const std::string& known_hosts_line);

// sshd's StrictModes (and our own rule for keys): every directory from `file`'s up to / must be
// owned by root and not group/world-writable. Returns the first that is not ("" if all are).
std::string insecure_directory(const std::filesystem::path& file);

// True if a TCP listener could bind address:port now (SO_REUSEADDR, as sshd does): nothing
// listens there or on the wildcard address of that port.
bool tcp_port_bindable(const std::string& address, int port);

// True if root's password field is locked ("!..."): sshd without PAM refuses such accounts.
bool root_password_locked();

// Starts `sshd -f config -E log` (it daemonizes) and waits for its pid file; returns the pid.
// Creates /run/sshd (privilege separation directory) if missing. Throws LabError with the tail
// of the log if sshd does not come up (e.g. "Address already in use").
std::int64_t start_fence_sshd(const std::string& sshd, const FenceFiles& files,
                              const Deadline& deadline);

// True if `pid` is a live (not zombie) sshd whose command line names `config`.
bool is_fence_sshd(std::int64_t pid, const std::filesystem::path& config);
// (process_cmdline, host_process.hpp: sshd's listener rewrites its command line to
// "sshd: /usr/sbin/sshd -f CONFIG -E LOG [listener] ...", which still names CONFIG.)

// Every live fence sshd on this host whose config is under `labs_root`: pid -> config path.
std::map<std::int64_t, std::filesystem::path> find_fence_sshds(const std::filesystem::path& labs_root);
// The run id in a config path made by FenceFiles::config() (nullopt if it is not one).
std::optional<std::string> run_id_of_fence_config(const std::filesystem::path& config);

// Stops the fence sshd of `config`: the recorded pid, the pid file's and any other process that
// is_fence_sshd(config), plus their children (open fence sessions). SIGTERM, then SIGKILL after
// 3 s. Returns "stopped fence sshd pid N" lines; errors go to `errors`. Nothing running: {}.
std::vector<std::string> stop_fence_sshd(const std::filesystem::path& config,
                                         std::int64_t recorded_pid,
                                         std::vector<std::string>& errors);

}  // namespace harness::lab
