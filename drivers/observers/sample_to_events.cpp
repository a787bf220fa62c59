// Sections -> events.
#include "drivers/observers/sample_to_events.hpp"

#include <ctime>
#include <sstream>

#include "drivers/pacemaker/crm_mon.hpp"
#include "harness/core/errors.hpp"

namespace harness {

void StateEventMaker::changed(std::vector<Event>& out, std::int64_t t, const std::string& node,
                              const std::string& what, nlohmann::json data) {
  auto& prev = last_[node + "/" + what];
  if (prev == data) return;
  prev = data;
  out.push_back(Event{t, EventKind::observation, node, what, std::move(data)});
}

void StateEventMaker::flush_alua(std::vector<Event>& out) {
  if (round_alua_.empty()) return;
  nlohmann::json groups = nlohmann::json::object();
  for (const auto& [n, st] : round_alua_) groups[n] = st;
  changed(out, round_t_, "initiator", "alua", {{"groups", groups}});
  round_alua_.clear();
}

std::vector<Event> StateEventMaker::feed(const std::string& node, const Section& s,
                                         std::int64_t t,
                                         const std::function<std::int64_t(std::int64_t)>& to_host) {
  std::vector<Event> out;
  try {
    if (s.name == "crm") {
      auto st = parse_crm_mon(s.text);
      if (!st.connected) {
        changed(out, t, node, "crm", {{"connected", false}});
        return out;
      }
      nlohmann::json online = nlohmann::json::array(), res = nlohmann::json::object();
      for (const auto& n : st.nodes)
        if (n.online) online.push_back(n.name);
      for (const auto& r : st.resources) {
        std::string where;
        for (const auto& n : r.nodes) where += (where.empty() ? "" : ",") + n;
        res[r.id + (where.empty() ? "" : "@" + where)] = r.role;
      }
      changed(out, t, node, "crm",
              {{"connected", true}, {"dc", st.dc}, {"quorate", st.with_quorum},
               {"online", online}, {"resources", res}, {"failures", st.failures.size()}});
      for (const auto& f : st.fence_history) {
        if (f.status == "pending" || f.completed.empty()) continue;
        std::string key = f.target + "|" + f.action + "|" + f.completed + "|" + f.executioner;
        if (!fences_seen_.insert(key).second) continue;
        auto when = parse_crm_time(f.completed);
        std::int64_t ft = when ? to_host(*when) : t;
        out.push_back(Event{ft, EventKind::fence, f.target, f.action,
                            {{"executioner", f.executioner}, {"origin", f.origin},
                             {"device", nlohmann::json()}, {"client", f.client},
                             {"status", f.status == "success" ? "success" : "failed"},
                             {"completed", f.completed}, {"seen_by", node}}});
      }
    } else if (s.name == "drbd") {
      auto st = parse_proc_drbd(s.text);
      const auto* m = st.minor(expect_.drbd_minor);
      if (!m) {
        changed(out, t, node, "drbd", {{"configured", false}});
      } else {
        changed(out, t, node, "drbd",
                {{"cstate", m->cstate}, {"role", m->role}, {"peer_role", m->peer_role},
                 {"disk", m->disk}, {"peer_disk", m->peer_disk},
                 {"suspended", m->io_suspended}});
      }
    } else if (s.name == "corosync") {
      auto st = parse_corosync_links(s.text);
      nlohmann::json links = nlohmann::json::object();
      for (const auto& l : st.links) {
        nlohmann::json peers = nlohmann::json::object();
        for (const auto& [id, state] : l.nodes) peers[std::to_string(id)] = std::string(to_string(state));
        links[std::to_string(l.id)] = peers;
      }
      changed(out, t, node, "corosync", {{"links", links}});
    } else if (s.name == "paths") {
      flush_alua(out);  // a new sampling round starts with the paths
      auto paths = parse_multipathd_paths(s.text);
      nlohmann::json list = nlohmann::json::array();
      for (const auto& p : paths) {
        auto it = expect_.node_by_iqn.find(p.target_name);
        std::string group = it == expect_.node_by_iqn.end() ? "" : it->second;
        if (!group.empty()) group_of_dev_[p.dev] = group;
        list.push_back({{"dev", p.dev}, {"group", group}, {"state", p.dm_state},
                        {"checker", p.checker_state}, {"prio", p.prio}});
      }
      changed(out, t, node, "multipath", {{"paths", list}});
    } else if (s.name == "stat") {
      std::map<std::string, std::int64_t> delta_by_group;
      std::istringstream in(s.text);
      std::string line;
      while (std::getline(in, line)) {
        std::istringstream f(line);
        std::string dev;
        std::int64_t rd = 0, rm, rs, rt, wr = 0;
        if (!(f >> dev >> rd >> rm >> rs >> rt >> wr)) continue;
        std::int64_t ios = rd + wr;
        auto prev = ios_of_dev_.find(dev);
        if (prev != ios_of_dev_.end() && ios > prev->second && group_of_dev_.count(dev))
          delta_by_group[group_of_dev_[dev]] += ios - prev->second;
        ios_of_dev_[dev] = ios;
      }
      std::string best;
      std::int64_t most = 0;
      for (const auto& [g, d] : delta_by_group)
        if (d > most) most = d, best = g;
      if (!best.empty()) changed(out, t, node, "path_io", {{"group", best}});
    } else if (s.name.rfind("rtpg/", 0) == 0) {
      if (s.text.empty()) return out;  // the path did not answer within 2 s
      auto groups = groups_by_node(parse_rtpg(s.text), expect_.node_by_group_id);
      if (round_alua_.empty()) round_t_ = t;
      for (const auto& [n, st] : groups) round_alua_[n] = std::string(to_string(st));
    }
  } catch (const LabError&) {
    // A sample cut by a dying node or a tool restarting: the next one will tell.
  }
  return out;
}

}  // namespace harness
