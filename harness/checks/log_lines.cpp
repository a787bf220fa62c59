#include "harness/checks/log_lines.hpp"

#include <array>
#include <cctype>

namespace harness::checks {
namespace {

// A register line of an x86 dump: "RAX: 0000...", "R10: ...", "RIP: 0010:...", "RSP: ...".
bool register_line(std::string_view m) {
  if (m.size() < 5 || m[0] != 'R' || m[3] != ':') return false;
  return std::isupper(static_cast<unsigned char>(m[1])) || std::isdigit(static_cast<unsigned char>(m[1]));
}

}  // namespace

bool is_diagnostic_log(std::string_view unit, std::string_view message) {
  std::string_view m = message;
  while (!m.empty() && m.front() == ' ') m.remove_prefix(1);
  if (unit.starts_with("pacemaker")) {
    // pacemaker-controld's throttle: "High CPU load detected: 1.62", "Moderate CPU load ...".
    return m.find("CPU load detected") != std::string_view::npos;
  }
  if (unit != "kernel") return false;
  static constexpr std::array<std::string_view, 14> kDump = {
      "Modules linked in:", "Call Trace:", "<TASK>", "</TASK>", "Code: ", "CPU: ",
      "Hardware name:", "Workqueue:", "---[ end trace", "------------[ cut here ]",
      "WARNING: CPU:", "INFO: task ", "Tainted:", "? "};
  for (auto p : kDump)
    if (m.starts_with(p)) return true;
  return register_line(m);
}

}  // namespace harness::checks
