#include "drivers/iscsi/events.hpp"

#include <string>

namespace harness {
namespace {

std::string_view trimmed(std::string_view m) {
  while (!m.empty() && m.front() == ' ') m.remove_prefix(1);
  return m;
}

// The line's first word without its trailing ':' ("connection2:0", "session2").
std::string head(std::string_view m) {
  auto w = m.substr(0, m.find(' '));
  if (w.ends_with(':')) w.remove_suffix(1);
  return std::string(w);
}

// "sd 3:0:0:0" from "sd 3:0:0:0: ...".
std::string scsi_device(std::string_view m) {
  const auto colon = m.find(": ");
  return colon == std::string_view::npos ? "" : std::string(m.substr(0, colon));
}

}  // namespace

std::vector<SignalWord> iscsi_log_signals(std::string_view unit, std::string_view message) {
  const std::string_view m = trimmed(message);
  if (unit == "kernel") {
    if (m.starts_with("connection") && m.find("detected conn error") != std::string_view::npos)
      return {{Signal::connection_error, head(m)}};
    if (m.starts_with("session") && m.find("session recovery timed out") != std::string_view::npos)
      return {{Signal::session_failed, head(m)}};
    if (m.starts_with("sd ") && m.find("rejecting I/O to offline device") != std::string_view::npos)
      return {{Signal::session_failed, scsi_device(m)}};
    if (m.starts_with("sd ") && (m.find(": alua: port group ") != std::string_view::npos ||
                                 m.find("Asymmetric access state changed") != std::string_view::npos))
      return {{Signal::alua_change_seen, scsi_device(m)}};
    return {};
  }
  if (unit == "iscsid") {
    if (m.starts_with("Kernel reported iSCSI connection ")) {
      auto id = m.substr(std::string_view("Kernel reported iSCSI connection ").size());
      return {{Signal::connection_error, "connection" + std::string(id.substr(0, id.find(' ')))}};
    }
    if (m.find(" is operational after recovery") != std::string_view::npos)
      return {{Signal::session_restored, head(m)}};
  }
  return {};
}

}  // namespace harness
