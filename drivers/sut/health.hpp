#pragma once
// One picture of the whole system under test, aggregated from the parsed status of every tool
// (crm_mon, corosync-cfgtool, /proc/drbd, sg_rtpg per path, multipathd, iscsiadm), and the
// verdict "what is not healthy", in plain words, against what the deployment should look like:
//
//   - both target nodes online (not standby, not unclean), the partition quorate with a DC
//   - every corosync link connected to every peer, as seen from each target node
//   - no failed actions; no failed or stopped resource; DRBD promoted on both nodes, ALUA
//     promoted on exactly one
//   - each fence device fence-<node> Started, and not on <node> (a node never fences itself)
//   - DRBD Connected Primary/Primary UpToDate/UpToDate on both, nothing out of sync, I/O not
//     suspended
//   - one ALUA picture over all paths: exactly one node's group active/optimized, every other
//     active/non-optimized, no two paths disagreeing on a group's state. (Each LIO node only
//     knows its own group, so each path reports one group: the picture is the union.)
//   - the expected number of multipath paths (4), all dm-state active and checker ready, one
//     WWID, with alua priorities matching the group each path belongs to (50 optimized,
//     10 non-optimized)
//   - the expected number of iSCSI sessions (4), all logged in, one per target portal, their
//     disks running
//
// Collectors fill a HealthPicture (a source that could not be read goes into `unreadable`
// with the reason), call resolve() once, then problems() / render_health_table() /
// health_to_json(). Nothing here talks to a node.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "drivers/deploy_plan.hpp"
#include "drivers/corosync/corosync_links.hpp"
#include "drivers/pacemaker/crm_mon.hpp"
#include "drivers/drbd/drbd_state.hpp"
#include "drivers/iscsi/iscsi_sessions.hpp"
#include "drivers/multipath/multipath_paths.hpp"
#include "drivers/multipath/rtpg.hpp"

namespace harness {

// What a healthy deployment looks like, and the tables that name things (group id, IQN and
// portal address -> target node). from() derives all of it from the deploy topology.
struct HealthExpectations {
  std::vector<std::string> target_nodes;           // {"n1", "n2"}
  std::map<std::string, int> nodeid;               // n1 -> 1 (corosync nodeid)
  std::map<int, std::string> node_by_group_id;     // tg_pt_gp_id -> node (= nodeid)
  std::map<std::string, std::string> node_by_iqn;  // target IQN -> node
  std::map<std::string, std::string> node_by_portal_address;  // san0/san1 address -> node
  std::vector<std::string> portals;                // every "ip:port" a session should use
  int corosync_links = 2;
  int drbd_minor = 0;
  int paths = 4;
  int sessions = 4;
  int prio_optimized = 50;      // multipath-tools' alua prioritizer
  int prio_nonoptimized = 10;
  int prio_preferred_bonus = 80;
  std::string drbd_resource_id;  // Pacemaker primitive ids (drivers/pacemaker/cib_xml.hpp)
  std::string alua_resource_id;

  static HealthExpectations from(const DeployTopology& topo);
};

// ALUA as seen through one path device.
struct PathAlua {
  std::string dev;                              // "sda"
  std::vector<TargetPortGroup> groups;          // as reported
  std::map<std::string, AluaState> by_node;     // non-empty groups named (resolve())
};

struct HealthPicture {
  std::string crm_node;                            // the node whose crm_mon this is
  std::optional<CrmStatus> crm;                    // absent: not asked or not readable
  std::map<std::string, CorosyncLinkStatus> links; // per target node
  std::map<std::string, DrbdStatus> drbd;          // per target node
  std::vector<PathAlua> alua;                      // one per path device asked
  std::vector<MultipathPath> paths;
  std::vector<IscsiSession> sessions;
  // Asked only by the audit: ids of DRBD fence constraints in the CIB (absent: not asked).
  std::optional<std::vector<std::string>> fence_constraints;
  std::vector<std::string> unreadable;             // "n2: corosync-cfgtool -s: exit 1: ..."
  // Filled by resolve(): each path's target node ("" if unknown), by IQN, else portal.
  std::map<std::string, std::string> path_node;    // dev -> node
};

// Joins the pieces: each path's target_address from the iSCSI session owning its disk, each
// path's node (path_node) from its target IQN or portal, each PathAlua's by_node.
void resolve(HealthPicture& pic, const HealthExpectations& expect);

// What is not healthy, one plain sentence per problem; empty when all is well.
std::vector<std::string> problems(const HealthPicture& pic, const HealthExpectations& expect);

// The pre-scenario audit of a reverted lab: problems() and, beyond what settle asks, a clean
// fencing history (a snapshot taken after a fence would hand every scenario an old fence) and
// no DRBD fence constraint left in the CIB.
std::vector<std::string> audit_problems(const HealthPicture& pic, const HealthExpectations& expect);

// Fixed-width text, sections nodes / rings / resources / failed actions / fencing / drbd /
// alua / paths / sessions / unreadable, one line per item.
std::string render_health_table(const HealthPicture& pic);

// Everything in the picture; paths carry "group" (target node), "state" (dm state) and "prio"
// and alua entries "groups" {node: state}, the shapes docs/EVENTS.md gives the observations.
nlohmann::json health_to_json(const HealthPicture& pic);

}  // namespace harness
