#pragma once
// Which path a journal line says was lost, for the path-switch check's "paths lost": the
// observer's multipath snapshot comes every 2 s, while the kernel and multipathd log the
// instant they fail a path. The lines, as multipath-tools 0.9.4 and kernel 6.1 write them:
//   kernel:     device-mapper: multipath: 253:0: Failing path 8:16.
//   multipathd: sda: mark as failed
//   multipathd: checker failed path 8:16 in map <wwid>
//   multipathd: <wwid>: sdc - tur checker reports path is down
#include <string>
#include <string_view>

namespace harness::checks {

// The path device ("sdb") the line says was failed or found down; "" for any other line, and
// for a device number that is not a whole SCSI disk.
std::string lost_path_in_log(std::string_view message);

// The kernel's name of the SCSI disk with device number major:minor ("sdc" for 8:32, "sdq" for
// 65:0); "" when it is not a whole sd disk (a partition, another driver).
std::string sd_disk_name(int major, int minor);

}  // namespace harness::checks
