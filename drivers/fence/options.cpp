#include "drivers/fence/options.hpp"

namespace harness {

const OptionTable<FenceOptions>& fence_option_table() {
  using K = OptionKind;
  using O = FenceOptions;
  static const OptionTable<O> table{
      "fence",
      {
          {&O::delay_s,
           {.key = "delay_s", .kind = K::number, .min = 0, .max = 60, .unit = "s",
            .doc = "pcmk_delay_base of the device that fences fence.delay_node: in a split brain "
                   "that node shoots first and survives."}},
          {&O::delay_node,
           {.key = "delay_node", .kind = K::choice, .values = {"n1", "n2"},
            .doc = "The node the fence delay protects (the intended split-brain survivor)."}},
          {&O::agent,
           {.key = "agent", .kind = K::choice,
            .values = {kFenceVirsh, kFenceXvm, kExternalLibvirt, kFenceIpmilan},
            .doc = "Fence agent run by the target nodes against the lab host: fence_virsh (ssh "
                   "to the run's fence sshd), fence_xvm (multicast to the run's fence_virtd), "
                   "external/libvirt (cluster-glue; virsh over qemu+ssh to the run's fence "
                   "sshd) or fence_ipmilan (one simulated BMC per node, ipmi_sim). "
                   "docs/FENCING.md."}},
      }};
  return table;
}

}  // namespace harness
