#pragma once
// The stonith device of each fence agent (fence.agent): its CIB class and type and its instance
// parameters, for the device that fences one target node. Every agent gets the same
// pcmk_host_list/static-list and the same delay rule (pcmk_delay_base on the device that fences
// fence.delay_node), so a split brain resolves alike whatever the agent. What each agent talks
// to on the lab host, and where its credentials are: docs/FENCING.md.
#include <string>
#include <utility>
#include <vector>

#include "drivers/deploy_plan.hpp"
#include "drivers/fence/options.hpp"

namespace harness {

using FenceParams = std::vector<std::pair<std::string, std::string>>;

struct FenceDevice {
  std::string type;  // the primitive's type: the agent's name ("external/libvirt" for LHA)
  FenceParams params;
};

// LabError for a topology field the agent cannot use (a port out of range, a missing BMC port).
FenceDevice fence_device(const DeployTopology& topo, const FenceOptions& fence,
                         const TargetNode& fenced);

// external/libvirt's hypervisor_uri: qemu+ssh to the run's fence sshd with the guests' key.
std::string fence_libvirt_uri(const DeployTopology& topo);

}  // namespace harness
