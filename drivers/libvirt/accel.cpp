// Accelerator choice with a real KVM probe (see accel.hpp for why a probe).
#include "drivers/libvirt/accel.hpp"

#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "drivers/libvirt/daemons.hpp"
#include "drivers/libvirt/lab_record.hpp"
#include "drivers/libvirt/node_files.hpp"
#include "harness/core/errors.hpp"

namespace harness::lab {

namespace fs = std::filesystem;

namespace {
constexpr double kProbeSeconds = 25;

bool libvirt_has_kvm(const virt::Connection& conn, std::string& reason) {
  char* caps = virConnectGetDomainCapabilities(conn.get(), nullptr, "x86_64", nullptr, "kvm", 0);
  if (!caps) {
    reason = "libvirt offers no KVM: " + virt::last_error_message();
    return false;
  }
  free(caps);
  return true;
}

std::string cache_key(const virt::Connection& conn) {
  utsname u{};
  ::uname(&u);
  return fmt::format("{}|{}|{}|{}", conn.uri(), u.release, u.version, conn.hypervisor_version());
}

fs::path cache_file() { return state_root() / "accel-probe.json"; }
}  // namespace

bool probe_kvm(const virt::Connection& conn, const ProbeParams& p, const Deadline& deadline,
               std::string& reason) {
  fs::create_directories(p.work_dir);
  fs::path log = p.work_dir / "kvm-probe.console.log";
  std::error_code ec;
  fs::remove(log, ec);
  DomainXmlParams d;
  d.name = p.domain_name;
  d.virt_type = "kvm";
  d.memory_mib = 256;
  d.kernel = p.kernel;
  d.cmdline = "console=ttyS0 panic=-1 loglevel=7";
  d.console_log = log;
  d.reboot_destroys = true;  // panic=-1 reboots at once; the reboot ends the domain
  d.owner = p.owner;
  std::string xml = domain_xml(d);  // no initrd: the kernel panics looking for its root

  virDomainPtr dom = virDomainCreateXML(conn.get(), xml.c_str(), VIR_DOMAIN_START_AUTODESTROY);
  if (!dom) {
    reason = "KVM guest did not start: " + virt::last_error_message();
    return false;
  }
  virt::DomainPtr guard(dom);
  Deadline limit = deadline.capped(kProbeSeconds);
  bool stopped = false;
  while (!limit.expired()) {
    int active = virDomainIsActive(dom);
    if (active != 1) {
      stopped = true;
      break;
    }
    limit.sleep_until(limit.clock().now_ns() + 200 * kNsPerMs);
  }
  if (!stopped) virDomainDestroy(dom);
  std::string console = read_text(log);
  fs::remove(log, ec);
  bool ran = console.find("Kernel panic") != std::string::npos ||
             console.find("VFS: Unable to mount root") != std::string::npos;
  if (ran) {
    reason = "a KVM probe guest booted its kernel";
    return true;
  }
  std::string last;
  auto nl = console.find_last_not_of("\r\n");
  if (nl != std::string::npos) {
    auto start = console.rfind('\n', nl);
    last = console.substr(start == std::string::npos ? 0 : start + 1, nl + 1 - (start == std::string::npos ? 0 : start + 1));
  }
  reason = stopped ? "KVM probe guest stopped without booting its kernel"
                   : fmt::format("KVM probe guest hung for {:.0f} s", kProbeSeconds);
  if (!last.empty()) reason += fmt::format(" (last console line: \"{}\")", last);
  return false;
}

AccelChoice choose_accel(const virt::Connection& conn, const std::string& requested,
                         const ProbeParams& probe, const Deadline& deadline) {
  if (requested == "tcg") return {"tcg", "lab.accel is tcg"};
  if (requested != "kvm" && requested != "auto")
    throw UsageError(fmt::format("lab.accel: expected auto, kvm or tcg, found '{}'", requested));
  std::string why;
  if (uri_is_local(conn.uri())) {
    // QEMU runs as libvirt-qemu (group kvm), not root: /dev/kvm must be open to group or others.
    struct stat st{};
    if (::stat("/dev/kvm", &st) != 0 || (st.st_mode & 0066) == 0) {
      std::string r = ::stat("/dev/kvm", &st) != 0
                          ? "no /dev/kvm"
                          : fmt::format("/dev/kvm is mode {:04o}: QEMU (libvirt-qemu) cannot open it",
                                        st.st_mode & 07777);
      if (requested == "kvm") throw LabError("lab.accel is kvm but " + r);
      return {"tcg", r};
    }
  }
  if (!libvirt_has_kvm(conn, why)) {
    if (requested == "kvm") throw LabError("lab.accel is kvm but " + why);
    return {"tcg", why};
  }
  if (requested == "kvm") return {"kvm", "lab.accel is kvm"};

  std::string key = cache_key(conn);
  try {
    std::ifstream in(cache_file());
    if (in) {
      auto j = nlohmann::json::parse(in);
      if (j.value("key", "") == key)
        return {j.value("kvm", false) ? "kvm" : "tcg", j.value("reason", "") + " (cached probe)"};
    }
  } catch (const std::exception&) {
    // A damaged cache is just re-probed.
  }
  bool ok = probe_kvm(conn, probe, deadline, why);
  try {
    fs::create_directories(state_root());
    std::ofstream out(cache_file());
    out << nlohmann::json{{"key", key}, {"kvm", ok}, {"reason", why}}.dump() << "\n";
  } catch (const std::exception&) {
  }
  return {ok ? "kvm" : "tcg", why};
}

}  // namespace harness::lab
