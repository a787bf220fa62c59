#pragma once
// lab.accel = auto|kvm|tcg. `auto` picks KVM only where it really works: /dev/kvm and libvirt's
// domain capabilities are necessary but not sufficient (on a nested/PVM host QEMU aborts with
// "failed to set MSR 0x10a" or hangs after "Probing EDD"), so a tiny probe domain boots the
// image's kernel under KVM until it panics for want of a root fs. The verdict is cached per
// host kernel, hypervisor version and URI in <state>/accel-probe.json.
#include <filesystem>
#include <functional>
#include <string>

#include "drivers/libvirt/lab_xml.hpp"
#include "drivers/libvirt/virt_ptr.hpp"
#include "harness/core/deadline.hpp"

namespace harness::lab {

struct AccelChoice {
  std::string accel;   // "kvm" | "tcg" (libvirt domain type "kvm" | "qemu")
  std::string reason;  // why, for the "accel: tcg (...)" line
};

struct ProbeParams {
  std::filesystem::path kernel;
  std::filesystem::path work_dir;  // where the probe's console log goes
  std::string domain_name;         // tagged name, recorded by the caller before the probe
  OwnerTag owner;
};

// Throws UsageError for a value other than auto|kvm|tcg, LabError when kvm is demanded but
// libvirt has no KVM.
AccelChoice choose_accel(const virt::Connection& conn, const std::string& requested,
                         const ProbeParams& probe, const Deadline& deadline);

// Just the probe (no cache): true if a KVM guest ran the kernel to its root-fs panic.
bool probe_kvm(const virt::Connection& conn, const ProbeParams& probe, const Deadline& deadline,
               std::string& reason);

}  // namespace harness::lab
