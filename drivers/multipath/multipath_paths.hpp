#pragma once
// dm-multipath paths on the initiator, from multipathd's own table (multipath-tools 0.9.4):
//
//   multipathd show paths raw format "%d|%w|%t|%T|%o|%p|%i|%n|%a"
//
// Why these wildcards (`multipathd show wildcards` in the lab lists them; 0.9.4 has no %A
// "TPG" path wildcard yet, so the target port group comes from sg_rtpg):
//   %d dev          sdX, the key the other sources (iSCSI sessions, sg_rtpg) use
//   %w uuid         the map's WWID: all four paths must carry the same one
//   %t dm_st        the kernel's view: active / failed (undef while not in a map)
//   %T chk_st       the path checker's view: ready / faulty / ghost / shaky / "i/o pending"
//   %o dev_st       the SCSI device: running / offline
//   %p pri          the alua prioritizer's value: 50 active/optimized, 10 non-optimized
//                   (+80 with the PREF bit), 1 standby, 0 otherwise
//   %i hcil         host:channel:id:lun, ties the path to its iSCSI session's SCSI host
//   %n target WWNN  for iSCSI, multipathd fills this with the session's target IQN, which
//                   names the target node whose path it is (seen in the lab)
//   %a host adapter for iSCSI, the initiator's local address of the session, i.e. the fabric
//                   (san0 / san1), NOT the target portal (seen in the lab)
// The portal address (which target portal) is not in multipathd's table; health.cpp joins it
// from the iSCSI session that owns the disk. '|' separates the fields because %T can contain a
// space ("i/o pending"). "raw" drops the header and the column padding.
//
// No path is a valid state (no session logged in): multipathd prints nothing and exits 0, so
// empty text is an empty list. A line without all nine fields throws LabError.
#include <string>
#include <string_view>
#include <vector>

#include "drivers/deploy_plan.hpp"

namespace harness {

struct MultipathPath {
  std::string dev;            // "sda"
  std::string wwid;           // "36001405..."
  std::string dm_state;       // active, failed, undef
  std::string checker_state;  // ready, faulty, ghost, shaky, "i/o pending", undef...
  std::string dev_state;      // running, offline
  int prio = -1;              // -1 when multipathd prints "undef"/"#"
  std::string hcil;           // "2:0:0:0"
  std::string target_name;    // target IQN ("[undef]" if multipathd has none)
  std::string host_adapter;   // initiator-side address
  std::string target_address; // portal IP: not from multipathd, filled in from the iSCSI
                              // session owning `dev` (attach_portals in health.hpp)
};

// The format string above, as one argv element.
inline constexpr const char* kMultipathPathFormat = "%d|%w|%t|%T|%o|%p|%i|%n|%a";

// {"multipathd", "show", "paths", "raw", "format", kMultipathPathFormat}
Argv multipathd_paths_argv();

std::vector<MultipathPath> parse_multipathd_paths(std::string_view text);

// "" once `want` paths are active/ready/running with a priority, else how many are: the new
// paths reach multipathd through udev and the ALUA handler, seconds under TCG after a login.
std::string paths_not_ready(const std::vector<MultipathPath>& paths, std::size_t want);

}  // namespace harness
