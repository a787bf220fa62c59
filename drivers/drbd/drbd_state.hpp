#pragma once
// DRBD 8.4 state per minor from /proc/drbd. With the 8.4 kernel module /proc/drbd is the one
// complete, stable status source: drbd-utils 9.22's `drbdadm status` is a DRBD 9 command and
// its 8.4 fallback (drbdadm-84) has no equivalent (see tests/data/tools/README.md for what it
// printed in the lab). Format (drbd_proc.c, 8.4.11):
//
//   version: 8.4.11 (api:1/proto:86-101)
//   srcversion: F73C670A7EC572DB9CF3E5B
//
//    0: cs:Connected ro:Primary/Primary ds:UpToDate/UpToDate C r-----
//       ns:0 nr:0 dw:0 dr:2120 al:0 bm:0 lo:0 pe:0 ua:0 ap:0 ep:1 wo:f oos:0
//
// plus, while syncing or verifying, "\t[===>......] sync'ed: 12.3% (898/1024)M" and a
// "finish: ... speed: ..." line. Minors that exist but are not configured print
// " 1: cs:Unconfigured". A module with no minor prints only the version lines: that parses to
// an empty list (a valid state, e.g. after `drbdadm down`); text without the version line
// (empty, truncated, not /proc/drbd) throws LabError.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/deploy_plan.hpp"

namespace harness {

struct DrbdMinorState {
  int minor = 0;
  std::string cstate;           // Connected, StandAlone, WFConnection, SyncSource, Unconfigured...
  std::string role, peer_role;  // Primary, Secondary, Unknown
  std::string disk, peer_disk;  // UpToDate, Inconsistent, Outdated, DUnknown, Diskless...
  char protocol = ' ';          // 'A', 'B', 'C'; ' ' without a network configuration
  std::string io_flags;         // "r-----"; first letter 's' = I/O suspended (frozen)
  bool io_suspended = false;
  std::int64_t oos_kib = 0;     // out of sync, KiB
  std::int64_t ns_kib = 0, nr_kib = 0, dw_kib = 0, dr_kib = 0;  // sent/received/written/read
  std::optional<double> sync_percent;  // only while SyncSource/SyncTarget/Verify*
  bool verifying = false;       // the progress line said "verified:" (online verify)

  // Connected, Primary/Primary, UpToDate/UpToDate, not suspended: the healthy dual-primary.
  bool healthy_dual_primary() const;
  // Connected, Secondary/Secondary, Inconsistent/Inconsistent: metadata just created on both
  // sides and nothing written, the one state where skipping the initial sync is safe.
  bool fresh_pair() const;
};

struct DrbdStatus {
  std::string version;          // "8.4.11"
  std::vector<DrbdMinorState> minors;

  const DrbdMinorState* minor(int m) const;
};

// {"cat", "/proc/drbd"}
Argv proc_drbd_argv();

DrbdStatus parse_proc_drbd(std::string_view text);

// "cstate role/peer_role disk/peer_disk" of `minor`, the words drbdadm's cstate, role and
// dstate print (e.g. "Connected Primary/Primary UpToDate/UpToDate"); "Unconfigured" when the
// minor is absent or not configured. The deploy's waits read it from one `cat /proc/drbd`
// instead of three drbdadm runs (each parses the configuration and runs drbdsetup).
std::string drbd_state_summary(const DrbdStatus& status, int minor);

}  // namespace harness
