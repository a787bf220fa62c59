#pragma once
// The node's boot id (/proc/sys/kernel/random/boot_id): a heal compares it with the one read
// before the inject to tell "the node rebooted meanwhile" (fenced) from "the fault is still in
// place". Throws LabError if the node does not answer.
#include <string>

#include "drivers/remote.hpp"

namespace harness {

std::string read_boot_id(Remote& remote, const Deadline& deadline);

}  // namespace harness
