#include "drivers/corosync/events.hpp"

#include <string>

namespace harness {
namespace {

// The digits right after `key` in `m` ("" when absent).
std::string number_after(std::string_view m, std::string_view key) {
  const auto at = m.find(key);
  if (at == std::string_view::npos) return "";
  std::string out;
  for (auto i = at + key.size(); i < m.size() && m[i] >= '0' && m[i] <= '9'; ++i) out += m[i];
  return out;
}

// "host 1 link 0" from "... host: 1 link: 0 ..." (the link is the one after the host).
std::string host_link(std::string_view m) {
  const auto at = m.find("host: ");
  if (at == std::string_view::npos) return "";
  const std::string host = number_after(m.substr(at), "host: ");
  const std::string link = number_after(m.substr(at), " link: ");
  return link.empty() ? "host " + host : "host " + host + " link " + link;
}

}  // namespace

std::vector<SignalWord> corosync_log_signals(std::string_view unit, std::string_view m) {
  if (unit != "corosync") return {};
  if (m.find("[KNET") != std::string_view::npos) {
    if (m.find("link: host: ") != std::string_view::npos && m.ends_with(" is down"))
      return {{Signal::link_down, host_link(m)}};
    if (m.find("has no active links") != std::string_view::npos)
      return {{Signal::link_down, "host " + number_after(m, "host: host: ")}};
    if (m.find("rx: host: ") != std::string_view::npos && m.ends_with(" is up"))
      return {{Signal::link_up, host_link(m)}};
    return {};
  }
  if (m.find("[TOTEM") == std::string_view::npos) return {};
  if (m.find("Token has not been received") != std::string_view::npos ||
      m.find("A processor failed, forming new configuration") != std::string_view::npos)
    return {{Signal::token_lost, ""}};
  if (m.find("A new membership (") != std::string_view::npos) {
    if (auto left = number_after(m, "Members left: "); !left.empty())
      return {{Signal::node_lost, left}};
    return {{Signal::membership_formed, ""}};
  }
  return {};
}

std::vector<SignalWord> corosync_observation_signals(const nlohmann::json& before,
                                                     const nlohmann::json& after) {
  std::vector<SignalWord> out;
  auto b = before.find("links"), a = after.find("links");
  if (b == before.end() || a == after.end() || !b->is_object() || !a->is_object()) return out;
  for (const auto& [link, peers] : a->items()) {
    if (!peers.is_object() || !b->contains(link) || !(*b)[link].is_object()) continue;
    for (const auto& [host, state] : peers.items()) {
      const auto& old = (*b)[link];
      if (!old.contains(host) || !state.is_string() || !old[host].is_string()) continue;
      const bool was = old[host] == "connected", is = state == "connected";
      if (was != is) out.push_back({is ? Signal::link_up : Signal::link_down,
                                    "host " + host + " link " + link});
    }
  }
  return out;
}

}  // namespace harness
