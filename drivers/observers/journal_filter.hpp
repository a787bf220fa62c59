#pragma once
// Which journal entries matter to a failover and how they become observation/log events:
// kernel lines about DRBD, ALUA, iSCSI, SCSI disks and device-mapper, and everything from
// multipathd, iscsid, corosync, Pacemaker's daemons and the fence agents. One `journalctl -o
// json` line in, at most one event out (t_ns still on the guest clock: the caller maps it).
#include <cstdint>
#include <optional>
#include <string_view>

#include "harness/core/event.hpp"

namespace harness {

// The entry as an event with t_ns = __REALTIME_TIMESTAMP in guest ns, or nullopt when it is not
// relevant or not journal JSON.
std::optional<Event> journal_event(const std::string& node, std::string_view json_line);

}  // namespace harness
