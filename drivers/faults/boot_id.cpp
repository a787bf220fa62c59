#include "drivers/faults/boot_id.hpp"

namespace harness {

std::string read_boot_id(Remote& remote, const Deadline& deadline) {
  std::string id = remote.check({"cat", "/proc/sys/kernel/random/boot_id"}, deadline).out;
  while (!id.empty() && (id.back() == '\n' || id.back() == '\r' || id.back() == ' ')) id.pop_back();
  return id;
}

}  // namespace harness
