#include "drivers/multipath/events.hpp"

#include <map>
#include <string>

namespace harness {
namespace {

// The word after `key` up to a blank or the line's end, without a trailing '.'.
std::string word_after(std::string_view m, std::string_view key) {
  const auto at = m.find(key);
  if (at == std::string_view::npos) return "";
  auto rest = m.substr(at + key.size());
  rest = rest.substr(0, rest.find(' '));
  if (rest.ends_with('.')) rest.remove_suffix(1);
  return std::string(rest);
}

struct PathState {
  std::string group, state;
  double prio = 0;
};

std::map<std::string, PathState> paths_of(const nlohmann::json& obs) {
  std::map<std::string, PathState> out;
  auto it = obs.find("paths");
  if (it == obs.end() || !it->is_array()) return out;
  for (const auto& p : *it) {
    if (!p.is_object() || !p.contains("dev") || !p["dev"].is_string()) continue;
    PathState s;
    s.group = p.value("group", "");
    s.state = p.value("state", "");
    if (p.contains("prio") && p["prio"].is_number()) s.prio = p["prio"].get<double>();
    out[p["dev"].get<std::string>()] = s;
  }
  return out;
}

// The group of the best-priority active path ("" when none is active).
std::string best_group(const std::map<std::string, PathState>& paths) {
  std::string g;
  double best = 0;
  bool any = false;
  for (const auto& [dev, p] : paths)
    if (p.state == "active" && (!any || p.prio > best)) g = p.group, best = p.prio, any = true;
  return g;
}

}  // namespace

std::vector<SignalWord> multipath_log_signals(std::string_view unit, std::string_view m) {
  if (unit == "kernel" && m.starts_with("device-mapper: multipath:")) {
    if (m.find("Failing path ") != std::string_view::npos)
      return {{Signal::path_failed, word_after(m, "Failing path ")}};
    if (m.find("Reinstating path ") != std::string_view::npos)
      return {{Signal::path_reinstated, word_after(m, "Reinstating path ")}};
    return {};
  }
  if (unit != "multipathd") return {};
  if (m.ends_with(": mark as failed")) return {{Signal::path_failed, std::string(m.substr(0, m.find(':')))}};
  if (m.starts_with("checker failed path ")) return {{Signal::path_failed, word_after(m, "checker failed path ")}};
  if (m.ends_with(": reinstated")) return {{Signal::path_reinstated, std::string(m.substr(0, m.rfind(':')))}};
  if (m.find("switch to path group ") != std::string_view::npos)
    return {{Signal::path_group_switched, word_after(m, "switch to path group ")}};
  return {};
}

std::vector<SignalWord> multipath_observation_signals(const nlohmann::json& before,
                                                      const nlohmann::json& after) {
  std::vector<SignalWord> out;
  const auto b = paths_of(before), a = paths_of(after);
  if (b.empty() || a.empty()) return out;
  for (const auto& [dev, p] : a) {
    auto was = b.find(dev);
    if (was == b.end() || was->second.state == p.state) continue;
    if (was->second.state == "active" && p.state != "active") out.push_back({Signal::path_failed, dev});
    if (was->second.state != "active" && p.state == "active") out.push_back({Signal::path_reinstated, dev});
  }
  const std::string gb = best_group(b), ga = best_group(a);
  if (!ga.empty() && ga != gb) out.push_back({Signal::path_group_switched, ga});
  return out;
}

}  // namespace harness
