#include "drivers/faults/boot_id.hpp"

#include "harness/errors.hpp"

namespace harness {

std::string read_boot_id(Remote& remote, const Deadline& deadline) {
  std::string id = remote.check({"cat", "/proc/sys/kernel/random/boot_id"}, deadline).out;
  while (!id.empty() && (id.back() == '\n' || id.back() == '\r' || id.back() == ' ')) id.pop_back();
  return id;
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
