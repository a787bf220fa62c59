// Starting the libvirt daemons of the local host when they are not running.
#include "drivers/libvirt/daemons.hpp"

#include <grp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>

#include <fmt/format.h>

#include "drivers/remote/process.hpp"
#include "harness/core/errors.hpp"

namespace harness::lab {

namespace {
constexpr const char* kRunDir = "/var/run/libvirt";

struct Daemon {
  const char* program;
  const char* socket;
};
// Order matters: libvirtd's qemu driver needs virtlogd for console logs and virtlockd for locks.
constexpr Daemon kDaemons[] = {
    {"virtlogd", "virtlogd-sock"},
    {"virtlockd", "virtlockd-sock"},
    {"libvirtd", "libvirt-sock"},
};

std::string find_program(const char* name) {
  std::string p = find_system_program(name);
  if (!p.empty()) return p;
  return program_exists(name) ? std::string(name) : std::string();
}

// Without udev (containers, CI guests) /dev/kvm stays root-only 0600. libvirt then finds KVM
// "no longer usable" by its qemu user on every call, throws away its QEMU capabilities cache and
// probes QEMU again: ~30 s per domain define. Debian's udev rule gives root:kvm 0660 (and the
// libvirt-qemu user is in group kvm); restore exactly that. Whether KVM really works is decided
// separately by the accel probe (accel.cpp).
void restore_kvm_device_group(const std::function<void(const std::string&)>& say) {
  struct stat st{};
  if (::stat("/dev/kvm", &st) != 0 || !S_ISCHR(st.st_mode)) return;
  if ((st.st_mode & 0060) == 0060) return;
  const group* kvm = ::getgrnam("kvm");
  if (!kvm || ::geteuid() != 0) return;
  if (::chown("/dev/kvm", 0, kvm->gr_gid) == 0 && ::chmod("/dev/kvm", 0660) == 0 && say)
    say("libvirt: /dev/kvm was root-only (no udev); set root:kvm 0660 as Debian's udev rule does");
}
}  // namespace

std::string find_system_program(const std::string& name) {
  for (const char* dir :
       {"/usr/sbin/", "/usr/bin/", "/sbin/", "/bin/", "/usr/local/sbin/", "/usr/local/bin/"}) {
    std::string p = dir + name;
    if (::access(p.c_str(), X_OK) == 0) return p;
  }
  return "";
}

bool uri_is_local(std::string_view uri) {
  if (uri.empty()) return true;
  auto scheme_end = uri.find("://");
  if (scheme_end == std::string_view::npos) return false;
  std::string_view scheme = uri.substr(0, scheme_end);
  if (scheme.find('+') != std::string_view::npos && scheme.substr(scheme.find('+')) != "+unix")
    return false;  // qemu+ssh, qemu+tcp, ...: someone else's daemon
  std::string_view rest = uri.substr(scheme_end + 3);
  if (scheme == "test") return false;  // the in-process mock driver needs no daemon
  return rest.empty() || rest.front() == '/';
}

bool unix_socket_answers(const std::string& path) {
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

void ensure_libvirt_daemons(std::string_view uri, const Deadline& deadline,
                            const std::function<void(const std::string&)>& say) {
  if (!uri_is_local(uri)) return;
  restore_kvm_device_group(say);
  if (unix_socket_answers(fmt::format("{}/libvirt-sock", kRunDir))) return;
  if (find_program("libvirtd").empty())
    throw LabError(
        "libvirt is not installed (no libvirtd): apt-get install libvirt-daemon-system "
        "qemu-system-x86");
  for (const Daemon& d : kDaemons) {
    std::string sock = fmt::format("{}/{}", kRunDir, d.socket);
    if (unix_socket_answers(sock)) continue;
    std::string prog = find_program(d.program);
    if (prog.empty()) throw LabError(fmt::format("libvirt is incomplete: {} not found", d.program));
    // -d daemonises (setsid, stdio to /dev/null); --listen would need TLS certificates.
    auto r = run_process({prog, "-d"}, deadline.capped(15));
    if (r.exit_status != 0)
      throw LabError(fmt::format("cannot start {}: exit {}: {}", d.program, r.exit_status, r.err));
    while (!unix_socket_answers(sock)) {
      if (deadline.expired())
        throw LabError(fmt::format("started {} but {} does not answer", d.program, sock));
      deadline.sleep_until(deadline.clock().now_ns() + 50 * kNsPerMs);
    }
    if (say) say(fmt::format("libvirt: {} was not running; started it ({} -d)", d.program, prog));
  }
}

}  // namespace harness::lab
