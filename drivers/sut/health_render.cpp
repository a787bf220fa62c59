// render_health_table(): the picture as fixed-width text for a cluster engineer.
#include <fmt/format.h>

#include "drivers/sut/health.hpp"

namespace harness {
namespace {

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
  return out.empty() ? "-" : out;
}

void section(std::string& out, std::string_view title, std::string_view note = {}) {
  out += fmt::format("{}{}\n", title, note.empty() ? "" : fmt::format("  ({})", note));
}

void crm_sections(std::string& out, const HealthPicture& pic) {
  if (!pic.crm) {
    section(out, "nodes", "crm_mon not read");
    return;
  }
  const auto& crm = *pic.crm;
  if (!crm.connected) {
    section(out, "nodes", fmt::format("crm_mon on {}: {} ({})", pic.crm_node,
                                      crm.status_message, crm.status_code));
    return;
  }
  section(out, "nodes", fmt::format("crm_mon on {}: DC {}, {}", pic.crm_node,
                                    crm.have_dc ? crm.dc : "none",
                                    crm.with_quorum ? "quorate" : "NOT quorate"));
  for (const auto& n : crm.nodes)
    out += fmt::format("  {:<10} id {:<3} {:<8}{}{}{}\n", n.name, n.id,
                       n.online ? "online" : "OFFLINE", n.is_dc ? " dc" : "",
                       n.standby ? " standby" : "", n.unclean ? " UNCLEAN" : "");
  section(out, "resources");
  for (const auto& r : crm.resources)
    out += fmt::format("  {:<14} {:<22} {:<11} {:<8}{}{}\n", r.id, r.resource_agent, r.role,
                       join(r.nodes), r.failed ? " FAILED" : "",
                       r.clone_id.empty() ? "" : " [" + r.clone_id + "]");
  section(out, "failed actions");
  if (crm.failures.empty()) out += "  none\n";
  for (const auto& f : crm.failures)
    out += fmt::format("  {:<28} {:<8} {} (exit {}) {}\n", f.op_key, f.node, f.exitstatus,
                       f.exitcode, f.last_rc_change);
  section(out, "fencing", "last events");
  if (crm.fence_history.empty()) out += "  none\n";
  for (const auto& f : crm.fence_history)
    out += fmt::format("  {:<7} {:<8} by {:<8} for {:<8} {:<8} {}\n", f.action, f.target,
                       f.executioner.empty() ? "-" : f.executioner, f.origin, f.status,
                       f.completed);
}

void ring_section(std::string& out, const HealthPicture& pic) {
  section(out, "rings", "corosync-cfgtool -s");
  for (const auto& [node, st] : pic.links) {
    if (st.links.empty()) out += fmt::format("  {:<10} no link to any peer\n", node);
    for (const auto& l : st.links) {
      std::string peers;
      for (const auto& [id, s] : l.nodes)
        if (s != LinkPeerState::localhost) peers += fmt::format(" node {} {}", id, to_string(s));
      out += fmt::format("  {:<10} link {} {:<16}{}\n", node, l.id, l.address, peers);
    }
  }
}

void drbd_section(std::string& out, const HealthPicture& pic) {
  section(out, "drbd", "/proc/drbd");
  for (const auto& [node, st] : pic.drbd) {
    if (st.minors.empty()) out += fmt::format("  {:<10} no minor configured\n", node);
    for (const auto& m : st.minors) {
      out += fmt::format("  {:<10} minor {} {:<13} {:<19} {:<25} {} {} oos {} KiB", node,
                         m.minor, m.cstate, m.role + "/" + m.peer_role,
                         m.disk + "/" + m.peer_disk, m.protocol, m.io_flags, m.oos_kib);
      if (m.sync_percent)
        out += fmt::format(" {} {:.1f}%", m.verifying ? "verified" : "synced", *m.sync_percent);
      out += "\n";
    }
  }
}

void alua_section(std::string& out, const HealthPicture& pic) {
  section(out, "alua", "sg_rtpg per path");
  for (const auto& a : pic.alua) {
    std::string line;
    if (!a.by_node.empty()) {  // resolve() named the groups
      for (const auto& [node, st] : a.by_node) line += fmt::format("  {} {}", node, to_string(st));
    } else {
      for (const auto& g : a.groups)
        if (!g.relative_port_ids.empty())
          line += fmt::format("  tpg {} {}", g.id, to_string(g.state));
    }
    out += fmt::format("  {:<6}{}\n", a.dev, line.empty() ? "  no group with a port" : line);
  }
}

void path_section(std::string& out, const HealthPicture& pic) {
  section(out, "paths", "multipathd");
  for (const auto& p : pic.paths) {
    auto it = pic.path_node.find(p.dev);
    std::string node = it == pic.path_node.end() || it->second.empty() ? "?" : it->second;
    out += fmt::format("  {:<6} {:<7} {:<8} {:<8} prio {:<3} {:<4} {:<16} {}\n", p.dev,
                       p.dm_state, p.checker_state, p.dev_state, p.prio, node,
                       p.target_address.empty() ? "-" : p.target_address, p.wwid);
  }
}

void session_section(std::string& out, const HealthPicture& pic) {
  section(out, "sessions", "iscsiadm");
  for (const auto& s : pic.sessions) {
    std::string disks;
    for (const auto& d : s.disks) disks += fmt::format(" {} {}", d.name, d.state);
    out += fmt::format("  sid {:<3} {:<21} {:<10} {:<12}{}  {}\n", s.sid, s.portal,
                       s.session_state, s.connection_state, disks, s.target);
  }
}

}  // namespace

std::string render_health_table(const HealthPicture& pic) {
  std::string out;
  crm_sections(out, pic);
  ring_section(out, pic);
  drbd_section(out, pic);
  alua_section(out, pic);
  path_section(out, pic);
  session_section(out, pic);
  if (!pic.unreadable.empty()) {
    section(out, "unreadable");
    for (const auto& u : pic.unreadable) out += "  " + u + "\n";
  }
  return out;
}

}  // namespace harness
