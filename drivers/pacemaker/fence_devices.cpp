// One parameter set per agent; the shared Pacemaker parameters come last.
#include "drivers/pacemaker/fence_devices.hpp"

#include <cmath>

#include <fmt/format.h>

#include "drivers/fence/guest_paths.hpp"
#include "harness/core/errors.hpp"

namespace harness {
namespace {

void check_port(int port, const std::string& what) {
  if (port < 1 || port > 65535) throw LabError(fmt::format("{}: expected 1..65535, found {}", what, port));
}

// pcmk_delay_base takes a time spec; whole seconds stay readable, fractions go to ms.
std::string delay_spec(double s) {
  if (std::floor(s) == s) return fmt::format("{}s", static_cast<long>(s));
  return fmt::format("{}ms", std::lround(s * 1000));
}

FenceParams virsh_params(const DeployTopology& topo, const TargetNode& fenced) {
  // fence-agents 4.12 names (ipaddr/login/port are deprecated aliases).
  FenceParams p = {{"ip", topo.host_mgmt_address},
                   {"username", topo.fence_login},
                   {"identity_file", topo.fence_key_path},
                   {"plug", fenced.domain}};
  // The lab's fencing sshd takes 2222 where something else holds 22 on the host's address.
  // No ssh_options: it would replace fence_virsh's default `-t '/bin/bash -c "PS1=..."'`.
  check_port(topo.fence_port, "fence_port");
  if (topo.fence_port != 22) p.push_back({"ipport", std::to_string(topo.fence_port)});
  return p;
}

FenceParams xvm_params(const DeployTopology& topo, const TargetNode& fenced) {
  // Multicast to the run's own group: fence_xvm speaks nothing else, and a group per run keeps
  // two labs' fence_virtd apart on one host. fence_virtd answers over TCP to the sender.
  // `port`, not `plug`: the fencer adds port=<node name> unless the device sets `port` itself,
  // and fence_xvm given both refuses to run (seen in the lab: "No data available").
  check_port(topo.fence_xvm_port, "fence_xvm_port");
  return {{"port", fenced.domain},
          {"key_file", kGuestFenceXvmKey},
          {"multicast_address", topo.fence_xvm_group},
          {"ipport", std::to_string(topo.fence_xvm_port)}};
}

FenceParams libvirt_params(const DeployTopology& topo, const TargetNode& fenced) {
  // hostlist maps the cluster's node name to its libvirt domain ("n1:h-3fa2c1-n1").
  return {{"hostlist", fenced.name + ":" + fenced.domain},
          {"hypervisor_uri", fence_libvirt_uri(topo)}};
}

FenceParams ipmilan_params(const DeployTopology& topo, const TargetNode& fenced) {
  if (fenced.bmc_port == 0)
    throw LabError(fmt::format("fence_ipmilan: the lab started no BMC for {}", fenced.name));
  check_port(fenced.bmc_port, "BMC port of " + fenced.name);
  // The password stays in a root-only file of the guest; the CIB names the file. The agent
  // runs password_script through a shell: the command is ours, the path has no metacharacter.
  return {{"ip", topo.host_mgmt_address},
          {"ipport", std::to_string(fenced.bmc_port)},
          {"username", topo.bmc_user},
          {"password_script", "cat " + guest_bmc_password_path(fenced.name)},
          // IPMI 2.0 (RMCP+) with cipher suite 3: HMAC-SHA1 authentication and integrity,
          // AES-128 confidentiality, which ipmi_sim offers and real BMCs accept.
          {"lanplus", "1"},
          {"cipher", "3"}};
}

}  // namespace

std::string fence_libvirt_uri(const DeployTopology& topo) {
  check_port(topo.fence_port, "fence_port");
  std::string host = topo.host_mgmt_address;
  if (topo.fence_port != 22) host += ":" + std::to_string(topo.fence_port);
  // no_tty: ssh never prompts (BatchMode); the host key is in the guests' ssh_known_hosts.
  return fmt::format("qemu+ssh://{}@{}/system?keyfile={}&no_tty=1", topo.fence_login, host,
                     topo.fence_key_path);
}

FenceDevice fence_device(const DeployTopology& topo, const FenceOptions& fence,
                         const TargetNode& fenced) {
  FenceDevice d;
  d.type = fence.agent;
  if (fence.agent == kFenceVirsh) d.params = virsh_params(topo, fenced);
  else if (fence.agent == kFenceXvm) d.params = xvm_params(topo, fenced);
  else if (fence.agent == kExternalLibvirt) d.params = libvirt_params(topo, fenced);
  else if (fence.agent == kFenceIpmilan) d.params = ipmilan_params(topo, fenced);
  else throw LabError("fencing: no device for agent " + fence.agent);  // the table allows no other
  d.params.push_back({"pcmk_host_list", fenced.name});
  d.params.push_back({"pcmk_host_check", "static-list"});
  if (fenced.name == fence.delay_node && fence.delay_s > 0)
    d.params.push_back({"pcmk_delay_base", delay_spec(fence.delay_s)});
  return d;
}

}  // namespace harness
