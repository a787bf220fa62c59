#pragma once
// The DRBD fence constraints left in the CIB's constraints section:
//
//   cibadmin --query --scope constraints
//   <constraints>
//     <rsc_location id="drbd-fence-by-handler-r0-drbd-clone" rsc="drbd-clone"> <rule .../> </rsc_location>
//   </constraints>
//
// crm-fence-peer.sh places one when DRBD loses its peer; crm-unfence-peer.sh (or the harness,
// on a rejoin) lifts it once the peer is UpToDate again. One left in a lab's snapshot would keep
// a node from promoting in every scenario reverted to it.
#include <string>
#include <string_view>
#include <vector>

#include "drivers/deploy_plan.hpp"

namespace harness {

Argv cib_constraints_argv();

// Ids of the rsc_location constraints named drbd-fence-by-handler-*. LabError if not that XML.
std::vector<std::string> parse_drbd_fence_constraints(std::string_view xml);

}  // namespace harness
