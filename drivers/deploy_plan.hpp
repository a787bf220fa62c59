#pragma once
// What the deploy renderers need to know about a lab, in one value: the two target nodes, the
// initiator, their addresses on every network, the libvirt domains fencing acts on, IQNs, the
// DRBD device and the LUN serial. Built once from Lab::nodes() plus a few run-level strings and
// validated there, so every renderer can splice its fields into files and argv without checking
// them again. Renderers are pure functions of (DeployTopology, Tunables); docs/DEPLOY.md says
// what each rendered setting is for and in which order the pieces are applied.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/lab.hpp"

namespace harness {

using Argv = std::vector<std::string>;

// One command for one node. `why` goes into logs and error messages; `may_fail` marks
// clean-up commands whose failure means "was not there" (teardown of a fresh node).
struct PlannedCommand {
  Argv argv;
  std::string why;
  bool may_fail = false;
};

// A file to put on a node (put_files in drivers/node_exec.hpp) before that node's commands
// run.
struct GuestFile {
  std::string path;
  std::string content;
  int mode = 0644;
};

struct TargetNode {
  std::string name;        // n1: also the guest's hostname (DRBD `on` sections, pacemaker unames)
  int nodeid = 0;          // 1-based position: corosync nodeid, ALUA tg_pt_gp_id
  std::string domain;      // libvirt domain the fence device for this node acts on
  std::string mgmt, ring0, ring1, san0, san1;  // IPv4 addresses
  std::string iqn;         // this node's iSCSI target name
  std::string alua_group;  // this node's target port group name in configfs ("tpg_n1")
  int bmc_port = 0;        // fence_ipmilan: UDP port of this node's simulated BMC on the host
};

struct InitiatorNode {
  std::string name;
  std::string mgmt, san0, san1;
  std::string iqn;
};

struct DeployTopology {
  std::string cluster_name;           // corosync cluster_name
  std::vector<TargetNode> targets;    // exactly two, in Lab::nodes() order
  InitiatorNode initiator;
  std::string host_mgmt_address;      // where fence_virsh logs in (sshd) / fence_virtd listens
  std::string fence_key_path;         // in the guests: ssh identity or fence_xvm key file
  std::string fence_login = "root";
  int fence_port = 22;                // fence_virsh ipport: the host's fencing sshd (22 or 2222)
  std::string fence_xvm_group = "225.0.0.12";  // fence_xvm: the run's fence_virtd multicast group
  int fence_xvm_port = 1229;                   // ...and its port
  std::string bmc_user = "harness";            // fence_ipmilan: the login on every node's BMC
  std::string drbd_resource = "r0";
  std::string drbd_device = "/dev/drbd0";
  int drbd_minor = 0;
  int drbd_port = 7789;
  std::string data_disk = "/dev/disk/by-id/virtio-data";  // the libvirt disk with serial "data"
  std::string backing_dm_name = "harness-backing";        // the disk_error fault swaps its table
  std::string backstore_name = "drbd0";                   // LIO block backstore
  std::string lun_serial;             // vpd_unit_serial, the same on both targets
  int iscsi_port = 3260;

  // LabError if `name` is not a target node.
  const TargetNode& target(std::string_view name) const;
  const TargetNode& peer_of(std::string_view name) const;
  std::string backing_device() const { return "/dev/mapper/" + backing_dm_name; }
};

// Run-level strings that Lab::nodes() does not carry.
struct DeployInputs {
  std::string cluster_name;                    // e.g. the run tag "h-3fa2c1"
  std::map<std::string, std::string> domains;  // target node -> libvirt domain name
  std::string host_mgmt_address;
  std::string fence_key_path;
  int fence_port = 22;                         // the fence sshd's port
  std::string fence_xvm_group = "225.0.0.12";  // fence_virtd's multicast group and port
  int fence_xvm_port = 1229;
  std::map<std::string, int> bmc_ports;        // target node -> its BMC's UDP port (fence_ipmilan)
  std::string bmc_user = "harness";
  std::string lun_serial;                      // empty: derived from cluster_name
  std::string iqn_prefix = "iqn.2003-01.org.example.harness";  // dotted naming authority
};

// Needs exactly two nodes of role "target" and one of role "initiator", each with mgmt, san0
// and san1 addresses (targets also ring0 and ring1). Throws LabError naming what is missing or
// malformed.
DeployTopology make_deploy_topology(const std::vector<NodeInfo>& nodes, const DeployInputs& in);

// Re-checks every field a renderer splices into a file or an argv (a hand-built topology in a
// test goes through the same gate). Throws LabError naming the field.
void check_topology(const DeployTopology& t);

// 32 hex digits, stable for a given seed (two FNV-1a 64-bit hashes): a unit serial from which
// LIO derives the same NAA identifier on both targets.
std::string derive_lun_serial(std::string_view seed);

// Syntax checks shared by the renderers.
bool is_ipv4(std::string_view s);
bool is_simple_name(std::string_view s);  // [A-Za-z0-9][A-Za-z0-9_-]{0,31}: nodes, clusters
bool is_iqn(std::string_view s);          // iqn.YYYY-MM.<dotted authority>[:<unique>]
bool is_xml_id(std::string_view s);       // an XML NCName without ':' (CIB ids)
bool is_hex_serial(std::string_view s);   // 8..64 hex digits
// Characters that a shell would treat specially; no rendered argv element taken from input
// may contain one (commands never pass through a shell, but logs and targetcli re-join them).
bool has_shell_metachar(std::string_view s);

// A tunable that must be a whole number within [lo, hi] (seconds, tenths...); ScenarioError
// "tunables: <key>: expected ..., found ..." otherwise.
int whole_number(double value, std::string_view key, int lo, int hi);

}  // namespace harness
