#pragma once
// The host side of fence_xvm and fence_ipmilan (fence.agent): fence_virtd, and one ipmi_sim
// per target node. Like the fence sshd (fence_sshd.hpp) each lives in <lab dir>/fence/ (0700)
// under names that carry the run id, and is identified by its executable and the config path in
// its command line, never by name alone:
//   fence_virtd -F -f <lab dir>/fence/fence_virtd-<run id>.conf -p .../fence_virtd-<run id>.pid
//   ipmi_sim -n -p -c <lab dir>/fence/bmc-<run id>-<node>.conf -f ...emu -s ...state
// so teardown stops a lab's own, and `harness cleanup` those of a run nobody records any more.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "harness/core/deadline.hpp"

namespace harness::lab {

inline constexpr const char* kFenceVirtdExe = "fence_virtd";
inline constexpr const char* kIpmiSimExe = "ipmi_sim";

struct XvmFiles {
  std::filesystem::path dir;  // <lab dir>/fence
  std::string run_id;
  std::filesystem::path config() const { return dir / ("fence_virtd-" + run_id + ".conf"); }
  std::filesystem::path pid_file() const { return dir / ("fence_virtd-" + run_id + ".pid"); }
  std::filesystem::path log() const { return dir / "fence_virtd.log"; }
  std::filesystem::path key() const { return dir / "fence_xvm.key"; }  // copied to the guests
};

struct BmcFiles {
  std::filesystem::path dir;  // <lab dir>/fence
  std::string run_id, node;
  std::filesystem::path config() const { return dir / ("bmc-" + run_id + "-" + node + ".conf"); }
  std::filesystem::path emu() const { return dir / ("bmc-" + run_id + "-" + node + ".emu"); }
  std::filesystem::path state_dir() const { return dir / ("bmc-" + node + ".state"); }
  std::filesystem::path log() const { return dir / ("bmc-" + node + ".log"); }
  std::filesystem::path chassis() const { return dir / "bmc-chassis"; }  // the lab's copy
};

// A fence daemon found on the host.
struct FenceDaemon {
  std::int64_t pid = 0;
  std::string exe;                 // kFenceVirtdExe or kIpmiSimExe
  std::filesystem::path config;
  std::string run_id;
};

// Which fence daemon a process is, from its executable name and command line (NULs as spaces):
// fence_virtd's `-f CONFIG` or ipmi_sim's `-c CONFIG`, CONFIG being
// <labs_root>/<lab>/fence/fence_virtd-<run>.conf or .../bmc-<run>-<node>.conf. nullopt otherwise.
std::optional<FenceDaemon> fence_daemon_of(std::int64_t pid, const std::string& exe,
                                           const std::string& cmdline,
                                           const std::filesystem::path& labs_root);

// Every live fence_virtd and ipmi_sim of a lab under `labs_root`.
std::vector<FenceDaemon> find_fence_daemons(const std::filesystem::path& labs_root);

// Stops every process that is the daemon of `config` (the recorded pid and any found by its
// command line) with its children (a running chassis script). Returns "fence_virtd pid N" lines.
std::vector<std::string> stop_fence_daemon(const std::filesystem::path& config,
                                           std::int64_t recorded_pid,
                                           std::vector<std::string>& errors);

// True if a UDP socket could bind address:port now (no SO_REUSEADDR).
bool udp_port_bindable(const std::string& address, int port);

// Starts fence_virtd in the foreground, detached (its own daemonizing would hide its errors),
// and waits until it holds its UDP port. LabError with its log's tail if it exits instead.
std::int64_t start_fence_virtd(const std::string& program, const XvmFiles& files, int port,
                               const Deadline& deadline);

// Starts one ipmi_sim and waits until it holds address:port (UDP). Its environment is `env`
// ("NAME=value"; empty: PATH of the system directories only), which its chassis script inherits.
std::int64_t start_bmc(const std::string& program, const BmcFiles& files,
                       const std::string& address, int port, const Deadline& deadline,
                       const std::vector<std::string>& env = {});

}  // namespace harness::lab
