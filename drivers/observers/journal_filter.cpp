// Journal entry selection.
#include "drivers/observers/journal_filter.hpp"

#include <array>

#include <nlohmann/json.hpp>

namespace harness {
namespace {

constexpr std::array<std::string_view, 8> kUnits = {
    "multipathd", "iscsid", "corosync", "pacemaker", "stonith", "fence", "drbd", "crm-fence"};
constexpr std::array<std::string_view, 11> kKernelWords = {
    "drbd", "alua", "ALUA", "iSCSI", "iscsi", "scsi", "sd ", "device-mapper", "multipath",
    "target_core", "connection"};

std::string field(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  return {};  // binary messages come as arrays of bytes: not ours
}

}  // namespace

std::optional<Event> journal_event(const std::string& node, std::string_view line) {
  auto j = nlohmann::json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  std::string msg = field(j, "MESSAGE");
  std::string ident = field(j, "SYSLOG_IDENTIFIER");
  std::string ts = field(j, "__REALTIME_TIMESTAMP");
  if (msg.empty() || ts.empty()) return std::nullopt;
  bool keep = false;
  if (ident == "kernel") {
    for (auto w : kKernelWords) keep = keep || msg.find(w) != std::string::npos;
  } else {
    for (auto u : kUnits) keep = keep || ident.find(u) != std::string::npos;
  }
  if (!keep) return std::nullopt;
  std::int64_t us = 0;
  try {
    us = std::stoll(ts);
  } catch (...) {
    return std::nullopt;
  }
  return Event{us * 1000, EventKind::observation, node, "log",
               {{"unit", ident}, {"message", msg}}};
}

}  // namespace harness
