// health_to_json(): the whole picture as JSON (observations, result.json, debugging).
#include "drivers/sut/health.hpp"

namespace harness {
namespace {

using nlohmann::json;

json crm_json(const HealthPicture& pic) {
  if (!pic.crm) return nullptr;
  const auto& c = *pic.crm;
  json j = {{"node", pic.crm_node}, {"connected", c.connected},
            {"status_code", c.status_code}, {"status_message", c.status_message}};
  if (!c.connected) {
    j["errors"] = c.errors;
    return j;
  }
  j["dc"] = c.have_dc ? json(c.dc) : json(nullptr);
  j["with_quorum"] = c.with_quorum;
  j["nodes"] = json::array();
  for (const auto& n : c.nodes)
    j["nodes"].push_back({{"name", n.name}, {"id", n.id}, {"online", n.online},
                          {"standby", n.standby}, {"unclean", n.unclean},
                          {"expected_up", n.expected_up}, {"is_dc", n.is_dc}});
  j["resources"] = json::array();
  for (const auto& r : c.resources)
    j["resources"].push_back({{"id", r.id}, {"clone", r.clone_id}, {"agent", r.resource_agent},
                              {"role", r.role}, {"active", r.active}, {"failed", r.failed},
                              {"nodes", r.nodes}});
  j["failures"] = json::array();
  for (const auto& f : c.failures)
    j["failures"].push_back({{"op_key", f.op_key}, {"node", f.node}, {"task", f.task},
                             {"exitstatus", f.exitstatus}, {"exitcode", f.exitcode},
                             {"exitreason", f.exitreason}, {"status", f.status},
                             {"last_rc_change", f.last_rc_change}});
  j["fence_history"] = json::array();
  for (const auto& f : c.fence_history)
    j["fence_history"].push_back({{"action", f.action}, {"target", f.target},
                                  {"executioner", f.executioner}, {"origin", f.origin},
                                  {"client", f.client}, {"status", f.status},
                                  {"completed", f.completed}, {"exit_reason", f.exit_reason}});
  return j;
}

json links_json(const CorosyncLinkStatus& st) {
  json links = json::array();
  for (const auto& l : st.links) {
    json nodes = json::object();
    for (const auto& [id, s] : l.nodes) nodes[std::to_string(id)] = to_string(s);
    links.push_back({{"id", l.id}, {"transport", l.transport}, {"address", l.address},
                     {"nodes", nodes}});
  }
  return {{"local_nodeid", st.local_nodeid}, {"transport", st.transport}, {"links", links}};
}

json drbd_json(const DrbdStatus& st) {
  json minors = json::array();
  for (const auto& m : st.minors) {
    json j = {{"minor", m.minor}, {"cstate", m.cstate}, {"role", m.role},
              {"peer_role", m.peer_role}, {"disk", m.disk}, {"peer_disk", m.peer_disk},
              {"protocol", std::string(1, m.protocol)}, {"io_flags", m.io_flags},
              {"io_suspended", m.io_suspended}, {"oos_kib", m.oos_kib}};
    j["sync_percent"] = m.sync_percent ? json(*m.sync_percent) : json(nullptr);
    minors.push_back(std::move(j));
  }
  return {{"version", st.version}, {"minors", minors}};
}

json alua_json(const PathAlua& a) {
  json groups = json::object();
  for (const auto& [node, st] : a.by_node) groups[node] = to_string(st);
  json raw = json::array();
  for (const auto& g : a.groups)
    raw.push_back({{"id", g.id}, {"state", to_string(g.state)}, {"state_code", g.state_code},
                   {"preferred", g.preferred}, {"status_code", g.status_code},
                   {"relative_port_ids", g.relative_port_ids}});
  return {{"groups", groups}, {"reported", raw}};
}

}  // namespace

nlohmann::json health_to_json(const HealthPicture& pic) {
  json j;
  j["crm"] = crm_json(pic);
  j["corosync"] = json::object();
  for (const auto& [node, st] : pic.links) j["corosync"][node] = links_json(st);
  j["drbd"] = json::object();
  for (const auto& [node, st] : pic.drbd) j["drbd"][node] = drbd_json(st);
  j["alua"] = json::object();
  for (const auto& a : pic.alua) j["alua"][a.dev] = alua_json(a);
  j["paths"] = json::array();
  for (const auto& p : pic.paths) {
    auto it = pic.path_node.find(p.dev);
    j["paths"].push_back({{"dev", p.dev},
                          {"group", it == pic.path_node.end() ? "" : it->second},
                          {"state", p.dm_state},
                          {"checker", p.checker_state},
                          {"dev_state", p.dev_state},
                          {"prio", p.prio},
                          {"wwid", p.wwid},
                          {"hcil", p.hcil},
                          {"target", p.target_name},
                          {"target_address", p.target_address},
                          {"host_adapter", p.host_adapter}});
  }
  j["sessions"] = json::array();
  for (const auto& s : pic.sessions) {
    json disks = json::array();
    for (const auto& d : s.disks) disks.push_back({{"name", d.name}, {"state", d.state}, {"lun", d.lun}});
    j["sessions"].push_back({{"sid", s.sid}, {"target", s.target}, {"portal", s.portal},
                             {"iface_address", s.iface_address},
                             {"initiator", s.iface_initiator_name},
                             {"session_state", s.session_state},
                             {"connection_state", s.connection_state},
                             {"internal_state", s.internal_state},
                             {"host_number", s.host_number}, {"host_state", s.host_state},
                             {"disks", disks}});
  }
  j["unreadable"] = pic.unreadable;
  return j;
}

}  // namespace harness
