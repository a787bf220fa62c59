// problems(): the health criteria of health.hpp, one plain sentence per violation.
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "drivers/pacemaker/cib_xml.hpp"
#include "drivers/sut/health.hpp"

namespace harness {
namespace {

using Problems = std::vector<std::string>;

std::string join(const std::vector<std::string>& v, std::string_view sep = ",") {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : std::string(sep)) + s;
  return out.empty() ? "nowhere" : out;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

void check_nodes(const CrmStatus& crm, const HealthExpectations& e, Problems& out) {
  if (!crm.have_dc) out.push_back("the cluster has no DC (designated controller)");
  if (!crm.with_quorum) out.push_back("the cluster partition is not quorate");
  for (const auto& name : e.target_nodes) {
    const auto* n = crm.node(name);
    if (!n) {
      out.push_back(fmt::format("node {} is not in the cluster's node list", name));
      continue;
    }
    if (!n->online) out.push_back(fmt::format("node {} is offline", name));
    if (n->unclean) out.push_back(fmt::format("node {} is unclean (needs fencing)", name));
    if (n->standby) out.push_back(fmt::format("node {} is in standby", name));
  }
}

void check_resources(const CrmStatus& crm, const HealthExpectations& e, Problems& out) {
  for (const auto& f : crm.failures)
    out.push_back(fmt::format("failed action {} on {}: {} (exit {}{}{})", f.op_key, f.node,
                              f.exitstatus, f.exitcode, f.exitreason.empty() ? "" : ", ",
                              f.exitreason));
  std::set<std::string> fence_ids;  // checked below, in more words
  for (const auto& node : e.target_nodes) fence_ids.insert(fence_device_id(node));
  for (const auto& r : crm.resources) {
    if (r.failed) out.push_back(fmt::format("resource {} is failed on {}", r.id, join(r.nodes)));
    else if (r.role == "Stopped" && !fence_ids.count(r.id))
      out.push_back(fmt::format("resource {}{} is stopped", r.id,
                                r.clone_id.empty() ? "" : " (an instance of " + r.clone_id + ")"));
  }
  for (const auto& node : e.target_nodes) {
    std::string id = fence_device_id(node);
    auto inst = crm.instances(id);
    if (inst.empty()) {
      out.push_back(fmt::format("fence device {} is not configured", id));
      continue;
    }
    const auto& dev = *inst.front();
    if (dev.role != "Started" || !dev.active)
      out.push_back(fmt::format("fence device {} is {}, not Started", id, dev.role));
    if (contains(dev.nodes, node))
      out.push_back(fmt::format("fence device {} runs on {}, the node it fences", id, node));
  }
  if (!e.drbd_resource_id.empty()) {
    std::set<std::string> promoted;
    for (const auto* r : crm.instances(e.drbd_resource_id))
      if (r->role == "Promoted") promoted.insert(r->nodes.begin(), r->nodes.end());
    for (const auto& node : e.target_nodes)
      if (!promoted.count(node))
        out.push_back(fmt::format("{} is not promoted on {}", e.drbd_resource_id, node));
  }
  if (!e.alua_resource_id.empty()) {
    std::vector<std::string> promoted;
    for (const auto* r : crm.instances(e.alua_resource_id))
      if (r->role == "Promoted") promoted.insert(promoted.end(), r->nodes.begin(), r->nodes.end());
    if (promoted.size() != 1)
      out.push_back(fmt::format("{} should be promoted on exactly one node, is on {}",
                                e.alua_resource_id, join(promoted)));
  }
}

void check_links(const HealthPicture& pic, const HealthExpectations& e, Problems& out) {
  for (const auto& node : e.target_nodes) {
    auto it = pic.links.find(node);
    if (it == pic.links.end()) {
      out.push_back(fmt::format("{}: no corosync link status", node));
      continue;
    }
    const auto& st = it->second;
    for (int id = 0; id < e.corosync_links; ++id) {
      const auto* link = st.link(id);
      if (!link) {
        out.push_back(fmt::format("{}: corosync link {} is not up to any peer", node, id));
        continue;
      }
      for (const auto& peer : e.target_nodes) {
        if (peer == node) continue;
        auto pid = e.nodeid.at(peer);
        auto p = link->nodes.find(pid);
        if (p == link->nodes.end())
          out.push_back(fmt::format("{}: corosync link {} does not list {} (nodeid {})", node,
                                    id, peer, pid));
        else if (p->second != LinkPeerState::connected)
          out.push_back(fmt::format("{}: corosync link {} ({}) to {} is {}", node, id,
                                    link->address, peer, to_string(p->second)));
      }
    }
  }
}

void check_drbd(const HealthPicture& pic, const HealthExpectations& e, Problems& out) {
  for (const auto& node : e.target_nodes) {
    auto it = pic.drbd.find(node);
    const DrbdMinorState* m = it == pic.drbd.end() ? nullptr : it->second.minor(e.drbd_minor);
    if (!m) {
      out.push_back(fmt::format("{}: DRBD minor {} is not there", node, e.drbd_minor));
      continue;
    }
    if (m->cstate != "Connected" || m->role != "Primary" || m->peer_role != "Primary" ||
        m->disk != "UpToDate" || m->peer_disk != "UpToDate")
      out.push_back(fmt::format(
          "{}: DRBD minor {} is {} {}/{} {}/{}, expected Connected Primary/Primary "
          "UpToDate/UpToDate",
          node, m->minor, m->cstate, m->role, m->peer_role, m->disk, m->peer_disk));
    if (m->io_suspended)
      out.push_back(fmt::format("{}: DRBD minor {} has I/O suspended", node, m->minor));
    if (m->oos_kib > 0)
      out.push_back(fmt::format("{}: DRBD minor {} has {} KiB out of sync", node, m->minor,
                                m->oos_kib));
  }
}

std::string describe(const std::map<std::string, AluaState>& groups) {
  std::vector<std::string> parts;
  for (const auto& [node, st] : groups) parts.push_back(node + " " + std::string(to_string(st)));
  return join(parts, ", ");
}

// Each LIO target only knows its own node's target port group, so a path reports one group
// (seen in the lab: sda/sdb to n1 report group 1 only, sdc/sdd to n2 group 2 only). The ALUA
// picture is the union over paths; two paths reporting different states for the same group
// disagree.
void check_alua(const HealthPicture& pic, const HealthExpectations& e, Problems& out) {
  if (pic.alua.empty()) {
    out.push_back("no ALUA report (sg_rtpg) from any path");
    return;
  }
  for (const auto& p : pic.paths)
    if (std::none_of(pic.alua.begin(), pic.alua.end(),
                     [&](const PathAlua& a) { return a.dev == p.dev; }))
      out.push_back(fmt::format("no ALUA report (sg_rtpg) through path {}", p.dev));
  std::map<std::string, std::pair<AluaState, std::string>> seen;  // node -> (state, first dev)
  for (const auto& a : pic.alua) {
    if (a.by_node.empty())
      out.push_back(fmt::format("through {}: no target port group with a port", a.dev));
    for (const auto& [node, st] : a.by_node) {
      auto [it, fresh] = seen.emplace(node, std::make_pair(st, a.dev));
      if (!fresh && it->second.first != st)
        out.push_back(fmt::format("paths disagree on {}'s ALUA state: {} reports {}, {} reports {}",
                                  node, it->second.second, to_string(it->second.first), a.dev,
                                  to_string(st)));
    }
  }
  std::map<std::string, AluaState> combined;
  for (const auto& [node, v] : seen) combined[node] = v.first;
  int optimized = 0;
  for (const auto& [node, st] : combined) {
    if (st == AluaState::active_optimized) ++optimized;
    else if (st != AluaState::active_nonoptimized)
      out.push_back(fmt::format("{}'s target port group is {}", node, to_string(st)));
  }
  if (optimized != 1)
    out.push_back(fmt::format("{} target port groups are active/optimized, expected exactly one "
                              "({})",
                              optimized, describe(combined)));
  for (const auto& node : e.target_nodes)
    if (!combined.count(node))
      out.push_back(fmt::format("no path reports {}'s target port group", node));
}

// The prio a path should have: from the state of its node's group as that path reports it.
std::optional<int> expected_prio(const HealthPicture& pic, const HealthExpectations& e,
                                 const MultipathPath& p, const std::string& node) {
  for (const auto& a : pic.alua) {
    if (a.dev != p.dev) continue;
    for (const auto& g : a.groups) {
      auto it = e.node_by_group_id.find(g.id);
      if (g.relative_port_ids.empty() || it == e.node_by_group_id.end() || it->second != node)
        continue;
      int bonus = g.preferred ? e.prio_preferred_bonus : 0;
      if (g.state == AluaState::active_optimized) return e.prio_optimized + bonus;
      if (g.state == AluaState::active_nonoptimized) return e.prio_nonoptimized + bonus;
      return std::nullopt;  // other states are already a problem of their own
    }
  }
  return std::nullopt;
}

void check_paths(const HealthPicture& pic, const HealthExpectations& e, Problems& out) {
  if (static_cast<int>(pic.paths.size()) != e.paths)
    out.push_back(fmt::format("{} multipath paths, expected {}", pic.paths.size(), e.paths));
  std::set<std::string> wwids;
  for (const auto& p : pic.paths) {
    wwids.insert(p.wwid);
    if (p.dm_state != "active" || p.checker_state != "ready")
      out.push_back(fmt::format("path {} is {}/{}, expected active/ready", p.dev, p.dm_state,
                                p.checker_state));
    if (p.dev_state != "running")
      out.push_back(fmt::format("path {}: SCSI device is {}", p.dev, p.dev_state));
    auto node_it = pic.path_node.find(p.dev);
    std::string node = node_it == pic.path_node.end() ? "" : node_it->second;
    if (node.empty()) {
      out.push_back(fmt::format("path {} leads to no known target node ({} {})", p.dev,
                                p.target_name, p.target_address));
      continue;
    }
    if (auto want = expected_prio(pic, e, p, node); want && p.prio != *want)
      out.push_back(fmt::format("path {} to {} has priority {}, expected {} for its ALUA state",
                                p.dev, node, p.prio, *want));
  }
  if (wwids.size() > 1)
    out.push_back(fmt::format("paths carry {} different WWIDs, expected one LU", wwids.size()));
}

void check_sessions(const HealthPicture& pic, const HealthExpectations& e, Problems& out) {
  int logged_in = 0;
  std::set<std::string> portals;
  for (const auto& s : pic.sessions) {
    if (s.logged_in() && s.connection_state == "LOGGED IN") {
      ++logged_in;
      portals.insert(s.portal);
    } else {
      out.push_back(fmt::format("iSCSI session {} to {} at {} is {} (connection {})", s.sid,
                                s.target, s.portal, s.session_state, s.connection_state));
    }
    for (const auto& d : s.disks)
      if (d.state != "running")
        out.push_back(fmt::format("disk {} of iSCSI session {} ({}) is {}", d.name, s.sid,
                                  s.portal, d.state));
  }
  if (logged_in != e.sessions)
    out.push_back(fmt::format("{} iSCSI sessions logged in, expected {}", logged_in, e.sessions));
  for (const auto& portal : e.portals)
    if (!portals.count(portal)) out.push_back(fmt::format("no iSCSI session to portal {}", portal));
}

}  // namespace

std::vector<std::string> problems(const HealthPicture& pic, const HealthExpectations& e) {
  Problems out(pic.unreadable.begin(), pic.unreadable.end());
  if (!pic.crm) {
    out.push_back("no cluster status (crm_mon) was read");
  } else if (!pic.crm->connected) {
    out.push_back(fmt::format("crm_mon on {} could not reach the cluster: {} ({})", pic.crm_node,
                              pic.crm->status_message, pic.crm->status_code));
  } else {
    check_nodes(*pic.crm, e, out);
    check_resources(*pic.crm, e, out);
  }
  check_links(pic, e, out);
  check_drbd(pic, e, out);
  check_alua(pic, e, out);
  check_paths(pic, e, out);
  check_sessions(pic, e, out);
  return out;
}

std::vector<std::string> audit_problems(const HealthPicture& pic, const HealthExpectations& expect) {
  auto out = problems(pic, expect);
  if (!pic.crm) {
    out.push_back("no cluster status (crm_mon) to read the fencing history from");
    return out;
  }
  if (pic.fence_constraints)
    for (const auto& id : *pic.fence_constraints)
      out.push_back(fmt::format("a DRBD fence constraint is left in the CIB: {} (placed by "
                                "crm-fence-peer.sh, never lifted: it keeps the peer from promoting)",
                                id));
  for (const auto& f : pic.crm->fence_history)
    out.push_back(fmt::format("fencing history is not clean: {} of {} asked by {} ({}{})", f.action,
                              f.target, f.origin.empty() ? "?" : f.origin, f.status,
                              f.completed.empty() ? "" : ", " + f.completed));
  return out;
}

}  // namespace harness
