#include "drivers/faults/boot_id.hpp"

#include "drivers/parse_util.hpp"
#include "harness/core/errors.hpp"

namespace harness {

std::string read_boot_id(Remote& remote, const Deadline& deadline) {
  return std::string(
      status::trim(remote.check({"cat", "/proc/sys/kernel/random/boot_id"}, deadline).out));
}

std::string nothing_to_heal(Remote& remote, const std::string& boot_before, const Deadline& deadline) {
  std::string now;
  try {
    now = read_boot_id(remote, deadline);
  } catch (const LabError& e) {
    return std::string("the node does not answer (fenced?): ") + e.what();
  }
  if (!boot_before.empty() && now != boot_before) return "the node rebooted (fenced?) since the fault";
  return {};
}

}  // namespace harness
