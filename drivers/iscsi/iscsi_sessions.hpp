#pragma once
// open-iscsi sessions on the initiator, from `iscsiadm -m session -P 3` (open-iscsi 2.1.8,
// session_info.c): a "Target:" line, then per session "Current Portal:", the Interface block,
// "SID:", the three states, negotiated parameters and the attached SCSI devices. A second
// session to the same target and portal prints an empty line instead of the portal lines: it
// starts at its Interface block and inherits target and portal.
//
// No session is a valid state (before login, after logout): iscsiadm then prints nothing on
// stdout, "iscsiadm: No active sessions." on stderr and exits 21 (ISCSI_ERR_NO_OBJS_FOUND).
// iscsi_sessions_from() maps that exit status to an empty list; parse_iscsi_sessions("")
// returns an empty list too. Text that has sessions but not their mandatory lines throws
// LabError.
#include <string>
#include <string_view>
#include <vector>

#include "drivers/deploy_plan.hpp"
#include "drivers/remote.hpp"

namespace harness {

struct IscsiDisk {
  std::string name;   // "sda"
  std::string state;  // SCSI device state: running, blocked, offline, transport-offline
  int lun = -1;
};

struct IscsiSession {
  std::string target;          // IQN
  std::string portal;          // current portal "ip:port" (IPv6 kept in brackets)
  std::string portal_address;  // "192.168.103.11"
  int portal_port = 0;
  int tpgt = 0;
  std::string iface_name;            // "default"
  std::string iface_initiator_name;  // initiator IQN
  std::string iface_address;         // initiator's local address of the connection
  int sid = -1;
  std::string connection_state;  // "LOGGED IN", "TRANSPORT WAIT", "FREE"...
  std::string session_state;     // "LOGGED_IN", "FAILED", "FREE"
  std::string internal_state;    // "NO CHANGE", "REOPEN", "CLEANUP"...
  int host_number = -1;
  std::string host_state;        // "running"
  std::vector<IscsiDisk> disks;

  bool logged_in() const { return session_state == "LOGGED_IN"; }
};

// {"iscsiadm", "-m", "session", "-P", "3"}
Argv iscsi_session_argv();
// Exit status iscsiadm uses for "No active sessions." (ISCSI_ERR_NO_OBJS_FOUND).
inline constexpr int kIscsiNoObjectsFound = 21;

std::vector<IscsiSession> parse_iscsi_sessions(std::string_view text);
// Exit 0: parse stdout; exit 21: no sessions; any other exit: LabError with stderr's tail.
std::vector<IscsiSession> iscsi_sessions_from(const CommandResult& r);

}  // namespace harness
