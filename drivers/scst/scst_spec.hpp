#pragma once
// The SCST names and identity of the lab's LU, from the deploy topology: one ScstConfigSpec
// both nodes render their /etc/scst.conf from, and the per-node group names the agent and the
// health probes use. docs/SCST.md, "The wiring".
#include <string>
#include <string_view>

#include "drivers/deploy_plan.hpp"
#include "drivers/scst/scst_config.hpp"

namespace harness {

// The LU's identity, derived from the topology's LUN serial (derive_lun_serial: 32 hex digits,
// the same on both nodes), which is too long for SCST: t10_dev_id is its first 24 hex digits
// (SCST allows 25), usn its first 20 (SCST allows 20). Both are prefixes, so they agree across
// the nodes, and the first 8 characters, which vdisk reports as the EUI-64 designator when no
// naa_id or eui64_id is set (the WWID multipath groups the paths by), come first.
std::string scst_t10_dev_id(std::string_view lun_serial);
std::string scst_usn(std::string_view lun_serial);

// "dg_<backstore>" and "tg_<node>": the device group and a node's target group.
std::string scst_device_group(const DeployTopology& topo);
std::string scst_target_group(const std::string& node);

// Nodes in nodeid order (nodes[0] is node 1): their IQNs, target groups and san0/san1
// addresses as allowed portals; the DRBD device as "<backstore>" at <drbd_device>; the
// initiator's IQN as the only one that sees the LUN.
ScstConfigSpec scst_config_spec(const DeployTopology& topo);

}  // namespace harness
