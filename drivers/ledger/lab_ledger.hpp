#pragma once
// The ledger bound to a lab that is not up yet (as make_lab_fio): at start() it finds the
// initiator's multipath device and the peers' Remotes and hands over to LedgerWorkload.
#include <memory>
#include <string>
#include <vector>

#include "drivers/lab.hpp"
#include "drivers/ledger/ledger_workload.hpp"

namespace harness {

// The lab's target nodes are read back on `peer_device` (their DRBD backing device) after the
// heal.
std::unique_ptr<Workload> make_lab_ledger(Lab& lab, std::string node, LedgerOptions spec,
                                          LedgerWorkloadOptions options, std::string peer_device);

}  // namespace harness
