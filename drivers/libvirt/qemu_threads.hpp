#pragma once
// The QEMU processes of a lab's domains on this host, read for the starvation sampler
// (Lab's HostScheduled): each domain's pid from the pid file libvirt writes for it, checked
// against the process's command line, and that process's threads (proc_threads.hpp). The pid
// is kept until its /proc directory is gone (a node killed, fenced or reverted gets a new one).
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/lab.hpp"
#include "drivers/observers/proc_threads.hpp"
#include "harness/core/clock.hpp"

namespace harness::lab {

// The directory where the libvirt instance of `uri` keeps its running domains' pid files
// (<dir>/<domain>.pid): /run/libvirt/qemu for qemu:///system, $XDG_RUNTIME_DIR/libvirt/qemu/run
// for qemu:///session; empty for any other URI, or a session without XDG_RUNTIME_DIR.
std::filesystem::path qemu_pid_dir(std::string_view uri);

// True when `cmdline` (/proc/PID/cmdline: NUL-separated arguments) is QEMU's for `domain`:
// libvirt passes "-name guest=<domain>,debug-threads=on" (or "-name <domain>" in old versions).
bool cmdline_names_domain(std::string_view cmdline, std::string_view domain);

class QemuThreads {
 public:
  struct Domain {
    std::string node;
    std::string domain;
  };
  // `pid_dir` as qemu_pid_dir; where it cannot be read (libvirt run by another user), the pid
  // is found by the command lines under `proc_root`, at most once every 5 s per domain.
  QemuThreads(std::vector<Domain> domains, std::filesystem::path pid_dir, Clock& clock,
              std::filesystem::path proc_root = "/proc");
  // Every domain whose process is found and readable now.
  std::vector<GuestThreads> read();

 private:
  struct Entry {
    Domain d;
    std::int64_t pid = 0;
    std::int64_t next_scan_ns = 0;
    ThreadNames names;
  };
  std::int64_t find_pid(Entry& e);
  bool is_qemu_of(std::int64_t pid, const std::string& domain) const;

  std::vector<Entry> entries_;
  std::filesystem::path pid_dir_;
  Clock& clock_;
  std::filesystem::path proc_root_;
};

}  // namespace harness::lab
