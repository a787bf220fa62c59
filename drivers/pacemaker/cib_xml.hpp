#pragma once
// The Pacemaker configuration (the <configuration> section of the CIB) for the target cluster,
// loaded in ONE atomic `cibadmin --replace --scope configuration`: nodes, cluster options,
// resource defaults, one fence device per target node, the DRBD promotable clone and the ALUA
// promotable clone, and the constraints tying them together. One replace instead of one
// --modify per section, because constraints are only valid together with the resources they
// name, and Pacemaker should never act on a half-loaded configuration.
//
// Fence delay: in a split brain each node shoots the other; the device that fences
// fence.delay_node carries pcmk_delay_base, so the shot at delay_node comes late and
// delay_node's own shot (through the other, undelayed device) lands first: delay_node survives.
#include <string>

#include "drivers/deploy_plan.hpp"
#include "drivers/target_driver.hpp"
#include "drivers/fence/options.hpp"
#include "drivers/pacemaker/options.hpp"

namespace harness {

inline constexpr const char* kCibConfigurationPath = "/etc/harness/cib-configuration.xml";

// Resource ids, for observers and the docs.
std::string fence_device_id(const std::string& fenced_node);  // "fence-n1"
// The dc-deadtime property's value ("5s"): in the configuration and in the first-start seed.
std::string dc_deadtime_value(const PacemakerOptions& pcmk);
inline constexpr const char* kDrbdPrimitiveId = "drbd-r0";
inline constexpr const char* kDrbdCloneId = "drbd-r0-clone";
inline constexpr const char* kAluaPrimitiveId = "alua";
inline constexpr const char* kAluaCloneId = "alua-clone";

// The <configuration> element as an XML document. ScenarioError for unusable options (checked
// against the pacemaker and fence tables; fence.delay_node must be a target of `topo`); every id is checked to be a
// valid, unique XML id (LabError otherwise: a bug here).
std::string render_cib_configuration(const DeployTopology& topo, const PacemakerOptions& pcmk,
                                     const FenceOptions& fence, const ClusterAgent& alua_agent);

// Runs on one target node once both are online.
// The parts of a rendered configuration that a running cluster takes without a redeploy: the
// cluster properties and the resource defaults, each one `cibadmin --modify` (nvpairs matched
// by id, so the deployed ones are updated in place).
std::vector<Argv> cib_live_update_argvs(const std::string& configuration_xml);
Argv cib_replace_argv(const std::string& xml_file = kCibConfigurationPath);

}  // namespace harness
