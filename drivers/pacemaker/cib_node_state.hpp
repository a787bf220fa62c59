#pragma once
// Which cluster nodes Pacemaker counts as online, from the CIB's status section:
//
//   cibadmin --query --xpath /cib/status/node_state --no-children
//   <xpath-query>
//     <node_state id="1" uname="n1" in_ccm="true" crmd="online" join="member" expected="member" .../>
//   </xpath-query>
//
// A node is online when it is in the membership (in_ccm), its controller is up (crmd) and it
// finished joining the DC (join="member"): what crm_mon derives its "online" from, without
// crm_mon's scheduler run (on an idle TCG target, with the ssh session: 0.32-0.39 s of vCPU per
// call against crm_mon's 0.40-0.67 s; a bare `true` costs 0.10-0.20 s).
// Pacemaker not running on the asked node: exit 102 and no XML (the caller sees the status).
#include <map>
#include <string>
#include <string_view>

namespace harness {

// uname -> online. LabError if the text is not that XML.
std::map<std::string, bool> parse_node_states(std::string_view xml);

}  // namespace harness
