#pragma once
// ALUA state as one initiator path sees it: REPORT TARGET PORT GROUPS through
// `sg_rtpg --decode /dev/sdX` (sg3-utils 1.46):
//
//   Report target port groups:
//     target port group id : 0x1 , Pref=0, Rtpg_fmt=0
//       target port group asymmetric access state : 0x00 (active/optimized)
//       T_SUP : 1, O_SUP : 0, LBD_SUP : 0, U_SUP : 1, S_SUP : 1, AN_SUP : 1, AO_SUP : 1
//       status code : 0x02 (target port asym. state changed by implicit lu behaviour)
//       vendor unique status : 0x00
//       target port count : 01
//       Relative target port ids:
//         0x01
//
// Each target node's LIO only knows its own target port group, so a path reports exactly one
// group: the one of the node it leads to (seen in the lab; health.cpp takes the union over
// paths). The state is read from the hex code, not the decoded words (they differ between sg3-utils
// releases). Some LIO versions also report default_tg_pt_gp (id 0) with no target port in it
// (kernel 6.1 in the lab did not): an empty group serves no path, so groups_by_node() leaves
// it out. A device that does not answer
// makes sg_rtpg exit non-zero with nothing on stdout; text without any group throws LabError.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/deploy_plan.hpp"
#include "drivers/target_driver.hpp"

namespace harness {

struct TargetPortGroup {
  int id = 0;                   // tg_pt_gp_id (LIO: the node's corosync nodeid, see DEPLOY.md)
  bool preferred = false;       // PREF bit (the alua prioritizer adds 80 for it)
  int state_code = 0;           // raw asymmetric access state (SPC-4)
  AluaState state = AluaState::active_optimized;  // same value as an enum (4, LBA-dependent,
                                                  // prints as "unknown")
  int status_code = 0;          // 0 none, 1 changed by STPG, 2 changed implicitly
  std::vector<int> relative_port_ids;
};

// {"sg_rtpg", "--decode", device}
Argv sg_rtpg_argv(const std::string& device);

std::vector<TargetPortGroup> parse_rtpg(std::string_view text);

// Node name -> state for every non-empty group, using the deploy topology's rule
// tg_pt_gp_id = nodeid. A non-empty group whose id is no target's nodeid is named
// "tg_pt_gp <id>" (a deploy bug the health check reports rather than hides).
std::map<std::string, AluaState> groups_by_node(const std::vector<TargetPortGroup>& groups,
                                                const DeployTopology& topo);
// Same, from an explicit id -> node table (what HealthExpectations carries).
std::map<std::string, AluaState> groups_by_node(const std::vector<TargetPortGroup>& groups,
                                                const std::map<int, std::string>& node_by_id);

}  // namespace harness
