#pragma once
// Fencing's scenario keys (tunables.fence.*): which agent the target nodes run against the
// hypervisor, and the delay that picks the split-brain survivor. Rendered into the CIB's
// stonith devices (drivers/pacemaker/cib_xml.cpp).
#include <string>

#include "harness/core/option_table.hpp"

namespace harness {

struct FenceOptions {
  double delay_s = 5;                // pcmk_delay_base on the device that fences delay_node
  std::string delay_node = "n1";     // the node the delay protects
  std::string agent = "fence_virsh";
};

const OptionTable<FenceOptions>& fence_option_table();

}  // namespace harness
