// HealthExpectations from the deploy topology, and the joins between the parsed pieces.
#include "drivers/sut/health.hpp"

#include "drivers/pacemaker/cib_xml.hpp"

namespace harness {

HealthExpectations HealthExpectations::from(const DeployTopology& topo) {
  HealthExpectations e;
  for (const auto& t : topo.targets) {
    e.target_nodes.push_back(t.name);
    e.nodeid[t.name] = t.nodeid;
    e.node_by_group_id[t.nodeid] = t.name;  // LIO: tg_pt_gp_id = nodeid (docs/DEPLOY.md)
    e.node_by_iqn[t.iqn] = t.name;
    for (const auto* addr : {&t.san0, &t.san1}) {
      e.node_by_portal_address[*addr] = t.name;
      e.portals.push_back(*addr + ":" + std::to_string(topo.iscsi_port));
    }
  }
  e.drbd_minor = topo.drbd_minor;
  e.paths = static_cast<int>(e.portals.size());
  e.sessions = static_cast<int>(e.portals.size());
  e.drbd_resource_id = kDrbdPrimitiveId;
  e.alua_resource_id = kAluaPrimitiveId;
  return e;
}

void resolve(HealthPicture& pic, const HealthExpectations& expect) {
  std::map<std::string, const IscsiSession*> session_of_disk;
  for (const auto& s : pic.sessions)
    for (const auto& d : s.disks) session_of_disk[d.name] = &s;

  pic.path_node.clear();
  for (auto& p : pic.paths) {
    if (auto it = session_of_disk.find(p.dev); it != session_of_disk.end()) {
      p.target_address = it->second->portal_address;
      if (p.target_name.empty() || p.target_name == "[undef]") p.target_name = it->second->target;
    }
    std::string node;
    if (auto it = expect.node_by_iqn.find(p.target_name); it != expect.node_by_iqn.end())
      node = it->second;
    else if (auto it2 = expect.node_by_portal_address.find(p.target_address);
             it2 != expect.node_by_portal_address.end())
      node = it2->second;
    pic.path_node[p.dev] = node;
  }
  for (auto& a : pic.alua) a.by_node = groups_by_node(a.groups, expect.node_by_group_id);
}

}  // namespace harness
