#pragma once
// open-iscsi 2.1.8 on the initiator: /etc/iscsi/iscsid.conf (defaults for every node record
// created by discovery), /etc/iscsi/initiatorname.iscsi (the name the targets' ACLs admit),
// and the iscsiadm command lists: discovery on every target portal, per-record updates (so the
// tunables hold even for records that existed before), login on all four paths, and logout.
#include <string>
#include <vector>

#include "drivers/deploy_plan.hpp"
#include "drivers/iscsi/options.hpp"

namespace harness {

inline constexpr const char* kIscsidConfPath = "/etc/iscsi/iscsid.conf";
inline constexpr const char* kInitiatorNamePath = "/etc/iscsi/initiatorname.iscsi";

// A target portal the initiator logs in to: one per target node and SAN fabric.
struct IscsiPortal {
  std::string target_node;
  std::string iqn;
  std::string address;  // "10.213.3.11:3260"
};
std::vector<IscsiPortal> iscsi_portals(const DeployTopology& topo);

// ScenarioError when iscsi.* tunables are not whole seconds in range.
std::string render_iscsid_conf(const IscsiOptions& tun);
std::string render_initiator_name(const DeployTopology& topo);
std::vector<GuestFile> iscsi_files(const DeployTopology& topo, const IscsiOptions& tun);

// The settings applied to every node record with `iscsiadm -m node ... -o update`.
std::vector<std::pair<std::string, std::string>> iscsi_node_settings(const IscsiOptions& tun);

// iscsid restart (reads the initiator name), discovery, updates, logins.
std::vector<PlannedCommand> iscsi_login_commands(const DeployTopology& topo, const IscsiOptions& tun);
// Every session's LUNs rescanned: a path whose capacity was read while the LU was gone or
// unavailable stays at 0 sectors until then.
Argv iscsi_rescan_argv();
// The live part of the tunables on a logged-in initiator: the node records' replacement timeout
// (read at the next login) ...
std::vector<PlannedCommand> iscsi_live_commands(const DeployTopology& topo, const IscsiOptions& tun);
// ... and each session's own copy, which the kernel uses at its next connection failure:
// `tee /sys/class/iscsi_session/session<sid>/recovery_tmo`, the value on stdin.
Argv iscsi_recovery_tmo_argv(int sid);
std::string iscsi_replacement_timeout_value(const IscsiOptions& tun);
// Logout and record removal; each may fail when there was nothing.
std::vector<PlannedCommand> iscsi_logout_commands(const DeployTopology& topo);

}  // namespace harness
