#pragma once
// Where each fence agent's per-run credentials live inside the target guests. The lab writes
// them into the targets' config disks (root-only files); the CIB names only these paths, never
// a secret, so `cibadmin -Q`, crm_report and the run's logs carry no credential.
#include <string>

namespace harness {

// fence_virsh and external/libvirt: the ssh identity for the run's fence sshd on the host.
inline constexpr const char* kGuestFenceSshKey = "/etc/harness/fence_key";
// fence_xvm: the key shared with the run's fence_virtd.
inline constexpr const char* kGuestFenceXvmKey = "/etc/harness/fence_xvm.key";

// fence_ipmilan: the password of the BMC of `fenced_node`, read by the agent's password_script.
inline std::string guest_bmc_password_path(const std::string& fenced_node) {
  return "/etc/harness/bmc-" + fenced_node + ".password";
}

}  // namespace harness
