#pragma once
// /etc/scst.conf for one target node, as SCST users write it for a two-node ALUA cluster on
// dual-primary DRBD (syntax: scstadmin/examples/scst.conf.sysfs and scst/README "ALUA Support"
// in SCST's source). Both nodes render from the same ScstConfigSpec and differ only in which
// node they are, so group ids, relative target port ids, the LU's identity and the group names
// agree between the two files by construction. docs/SCST.md says what each setting is for.
#include <array>
#include <string>
#include <vector>

namespace harness {

inline constexpr const char* kScstConfPath = "/etc/scst.conf";

struct ScstNode {
  std::string iqn;           // its iSCSI target name
  std::string target_group;  // the ALUA target group holding that target, e.g. "tg_n1"
  // IPv4 addresses the target answers on (allowed_portal, iscsi-scst/README); none: every
  // address iscsi-scstd listens on.
  std::vector<std::string> portals;
};

struct ScstConfigSpec {
  std::array<ScstNode, 2> nodes;       // [0] is node 1, [1] node 2
  std::string device = "drbd0";        // SCST device name, exported as LUN 0
  std::string device_path = "/dev/drbd0";
  std::string device_group = "dg_drbd0";
  // The same on both nodes, so that the initiator sees one LU through both targets.
  std::string t10_dev_id;  // VPD page 0x83 T10 vendor id: 1..25 characters (scst_vdisk.c)
  std::string usn;         // unit serial number: 1..20 characters (scst_vdisk.c)
  // The only initiator that sees the LUN (a security group of the target); empty: every
  // initiator, through the target's default group.
  std::string initiator_iqn;
};

// The security group holding the LUN for initiator_iqn.
inline constexpr const char* kScstInitiatorGroup = "initiators";

// Node k's target group id and its target's relative target port id: k. Group ids must differ
// between the groups and relative target port ids across the whole (two-node) target, SPC-4.
int scst_group_id(int node);
int scst_rel_tgt_id(int node);

// Every name the renderer splices in is checked first: LabError naming the field for an IQN
// that is not one, a portal that is not a dotted quad, a name outside [A-Za-z0-9_.-] (or longer than SCST's 49), a device path that
// is not an absolute path of such names, identifiers too long for SCST or empty, and the two
// nodes sharing an IQN or a target group. scstadmin re-joins and splits lines by whitespace and
// strips '#' comments, so nothing outside those characters may reach the file.
void check_scst_config(const ScstConfigSpec& spec);

// The file for node `node` (1 or 2; LabError otherwise).
std::string render_scst_conf(const ScstConfigSpec& spec, int node);

}  // namespace harness
