#pragma once
// Pacemaker's own view of the cluster, from `crm_mon --one-shot --inactive --output-as=xml
// --fence-history=3` (Pacemaker 2.1.5, api-version 2.25): nodes, resources with clone
// instances, failed actions, fencing history and quorum.
//
// crm_mon prints well-formed XML even when it cannot reach the cluster (exit 102, <status
// code="102" message="Not connected">): that is a valid state of a node whose Pacemaker is
// stopped or that was just fenced, so it parses to CrmStatus{connected = false} with the
// status and error lines. Only text that is not crm_mon's XML throws LabError.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/deploy_plan.hpp"

namespace harness {

struct CrmNode {
  std::string name;  // uname ("n1")
  std::string id;    // Pacemaker node id: the corosync nodeid ("1")
  bool online = false;
  bool standby = false;
  bool unclean = false;
  bool expected_up = false;
  bool is_dc = false;
};

// One primitive, or one instance of a clone (clone_id names the clone).
struct CrmResource {
  std::string id;              // "drbd-r0", "fence-n1"
  std::string clone_id;        // "drbd-r0-clone"; empty for a primitive outside a clone
  std::string resource_agent;  // "ocf:linbit:drbd", "stonith:fence_virsh"
  // Started, Promoted, Unpromoted, Stopped (or Starting, Stopping, Promoting, Demoting,
  // Migrating...). The legacy names Master/Slave become Promoted/Unpromoted.
  std::string role;
  bool active = false;
  bool failed = false;
  bool managed = true;
  std::vector<std::string> nodes;  // where it runs (empty when stopped)
};

// A failed action (<failures><failure .../>): what Pacemaker counts against migration-threshold.
struct CrmFailure {
  std::string op_key;      // "alua_monitor_10000"
  std::string node;
  std::string task;        // monitor, start, promote...
  std::string exitstatus;  // "not running", "error"
  std::string exitreason;
  int exitcode = 0;
  std::string status;      // "complete", "Timed Out"...
  std::string last_rc_change;
};

struct FenceEvent {
  std::string action;       // off, reboot, on
  std::string target;       // the node fenced
  std::string executioner;  // the node whose fencer carried it out (crm_mon's "delegate")
  std::string origin;       // the node that asked for it
  std::string client;       // "pacemaker-controld.1234", "stonith_admin.5678"
  std::string status;       // success, failed, pending
  std::string completed;    // "2026-11-25 06:30:01.123456 +00:00"; empty while pending
  std::string exit_reason;  // on failure
};

struct CrmStatus {
  bool connected = false;       // false: crm_mon could not reach the cluster (see status_*)
  int status_code = 0;          // <status code>: 0 OK, 102 not connected
  std::string status_message;   // "OK", "Not connected"
  std::vector<std::string> errors;  // <status><errors><error> lines
  std::string pacemaker_version;    // current_dc version ("2.1.5-a3f44794f94")
  bool have_dc = false;
  std::string dc;               // current DC's name; empty without one
  bool with_quorum = false;
  std::vector<CrmNode> nodes;
  std::vector<CrmResource> resources;  // document order, clone instances flattened
  std::vector<CrmFailure> failures;
  std::vector<FenceEvent> fence_history;  // as crm_mon orders it (newest first)

  const CrmNode* node(std::string_view name) const;
  // Every entry (instance) with this primitive id.
  std::vector<const CrmResource*> instances(std::string_view id) const;
};

// {"crm_mon", "--one-shot", "--inactive", "--output-as=xml", "--fence-history=3"}
Argv crm_mon_argv();

// LabError ("crm_mon: expected ..., found ...") if `xml` is not crm_mon's XML output.
CrmStatus parse_crm_mon(std::string_view xml);

// crm_mon's "2026-11-25 06:30:01.123456 +00:00" (or without fraction / with 'Z') as ns since
// the epoch; nullopt if unreadable.
std::optional<std::int64_t> parse_crm_time(const std::string& s);

}  // namespace harness
