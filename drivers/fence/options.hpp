#pragma once
// Fencing's scenario keys (tunables.fence.*): which agent the target nodes run against the
// lab host, and the delay that picks the split-brain survivor. Rendered into the CIB's
// stonith devices (drivers/pacemaker/fence_devices.cpp); the libvirt lab starts the host side
// each agent talks to (docs/FENCING.md).
#include <string>

#include "harness/core/option_table.hpp"

namespace harness {

// The agents, as the CIB names them (the primitive's type).
inline constexpr const char* kFenceVirsh = "fence_virsh";
inline constexpr const char* kFenceXvm = "fence_xvm";
inline constexpr const char* kExternalLibvirt = "external/libvirt";
inline constexpr const char* kFenceIpmilan = "fence_ipmilan";

struct FenceOptions {
  double delay_s = 5;                // pcmk_delay_base on the device that fences delay_node
  std::string delay_node = "n1";     // the node the delay protects
  std::string agent = kFenceVirsh;
};

const OptionTable<FenceOptions>& fence_option_table();

}  // namespace harness
