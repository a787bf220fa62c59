#pragma once
// The node's boot id (/proc/sys/kernel/random/boot_id): a heal compares it with the one read
// before the inject to tell "the node rebooted meanwhile" (fenced) from "the fault is still in
// place". Throws LabError if the node does not answer.
#include <string>

#include "drivers/remote.hpp"

namespace harness {

std::string read_boot_id(Remote& remote, const Deadline& deadline);

// Why the heal of a fault made inside a node has nothing left to undo: the node does not answer
// (fenced off, or still booting: the system under test brings it back before verifying), or
// its boot id is no longer `boot_before` (what the fault set up went with the reboot). Empty
// when the fault is still in place.
std::string nothing_to_heal(Remote& remote, const std::string& boot_before, const Deadline& deadline);

}  // namespace harness
