// State probes of the deployed system.
#include "drivers/sut/health_probe.hpp"

#include <functional>
#include <map>
#include <optional>
#include <regex>

#include <fmt/format.h>
#include <pugixml.hpp>

#include "drivers/pacemaker/cib_constraints.hpp"
#include "drivers/pacemaker/cluster_commands.hpp"
#include "drivers/parallel.hpp"
#include "drivers/corosync/corosync_links.hpp"
#include "drivers/pacemaker/crm_mon.hpp"
#include "drivers/drbd/drbd_state.hpp"
#include "drivers/iscsi/iscsi_sessions.hpp"
#include "drivers/multipath/multipath_paths.hpp"
#include "drivers/parse_util.hpp"
#include "drivers/multipath/rtpg.hpp"
#include "harness/core/errors.hpp"

namespace harness {

// `node`'s own group's state as the target driver reads it; -1 if unreadable.
int alua_state_of(Lab& lab, const TargetDriver& target, const DeployTopology& topo,
                  const std::string& node, const Deadline& deadline) {
  try {
    auto r = lab.remote(node).run(target.alua_state_argv(topo, node), deadline.capped(15));
    if (r.exit_status != 0) return -1;
    const auto state = target.parse_alua_state(r.out);
    return state ? static_cast<int>(*state) : -1;
  } catch (const std::exception&) {
    return -1;
  }
}

namespace {

// Runs argv on node; the result, or nullopt with the reason added to pic.unreadable.
std::optional<CommandResult> ask(Lab& lab, const std::string& node, const Argv& argv,
                                 const Deadline& deadline, HealthPicture& pic,
                                 bool zero_only = true) {
  try {
    auto r = lab.remote(node).run(argv, deadline.capped(20));
    if (zero_only && r.exit_status != 0) {
      pic.unreadable.push_back(describe_failure(node, argv, r));
      return std::nullopt;
    }
    return r;
  } catch (const LabError& e) {
    pic.unreadable.push_back(fmt::format("{}: {}", node, e.what()));
    return std::nullopt;
  }
}

template <typename F>
void parse_into(HealthPicture& pic, const std::string& node, const char* tool, F&& f) {
  try {
    f();
  } catch (const LabError& e) {
    pic.unreadable.push_back(fmt::format("{}: {}: {}", node, tool, e.what()));
  }
}

// Adds what one task found to the picture; each task filled only its own parts.
void merge(HealthPicture& into, HealthPicture&& part) {
  if (part.crm && !into.crm) {
    into.crm = std::move(part.crm);
    into.crm_node = std::move(part.crm_node);
  }
  into.links.merge(part.links);
  into.drbd.merge(part.drbd);
  for (auto& p : part.paths) into.paths.push_back(std::move(p));
  for (auto& s : part.sessions) into.sessions.push_back(std::move(s));
  for (auto& a : part.alua) into.alua.push_back(std::move(a));
  for (auto& u : part.unreadable) into.unreadable.push_back(std::move(u));
}

}  // namespace

HealthPicture collect_health(Lab& lab, const DeployTopology& topo, const Deadline& deadline) {
  // The questions go to the nodes at once (each answer is 0.3–1 s under TCG; one after the
  // other a picture took 5–8 s, and settle waits for pictures). Every task writes its own part.
  HealthPicture crm_part, ini_part;
  std::map<std::string, HealthPicture> target_parts;
  for (const auto& t : topo.targets) target_parts[t.name];
  const std::string ini = topo.initiator.name;
  std::vector<std::function<void()>> tasks;
  tasks.push_back([&] {  // one crm_mon: the first target that answers connected
    for (const auto& t : topo.targets) {
      // crm_mon exits 102 with well-formed XML when Pacemaker is not running: still a picture.
      if (auto r = ask(lab, t.name, crm_mon_argv(), deadline, crm_part, false)) {
        parse_into(crm_part, t.name, "crm_mon", [&] {
          auto st = parse_crm_mon(r->out);
          if (st.connected) {
            crm_part.crm = std::move(st);
            crm_part.crm_node = t.name;
          } else {
            crm_part.unreadable.push_back(t.name + ": crm_mon: not connected to the cluster");
          }
        });
      }
      if (crm_part.crm) break;
    }
  });
  for (const auto& t : topo.targets) {
    tasks.push_back([&, node = t.name] {
      HealthPicture& pic = target_parts.at(node);
      if (auto r = ask(lab, node, corosync_cfgtool_argv(), deadline, pic))
        parse_into(pic, node, "corosync-cfgtool",
                   [&] { pic.links[node] = parse_corosync_links(r->out); });
      if (auto r = ask(lab, node, proc_drbd_argv(), deadline, pic))
        parse_into(pic, node, "/proc/drbd", [&] { pic.drbd[node] = parse_proc_drbd(r->out); });
    });
  }
  tasks.push_back([&] {
    HealthPicture& pic = ini_part;
    if (auto r = ask(lab, ini, multipathd_paths_argv(), deadline, pic))
      parse_into(pic, ini, "multipathd", [&] { pic.paths = parse_multipathd_paths(r->out); });
    if (auto r = ask(lab, ini, iscsi_session_argv(), deadline, pic, false))
      parse_into(pic, ini, "iscsiadm", [&] { pic.sessions = iscsi_sessions_from(*r); });
    // One RTPG per path, all at once, each into its own slot, in the paths' order.
    std::vector<HealthPicture> per_path(pic.paths.size());
    std::vector<std::function<void()>> rtpg;
    for (std::size_t i = 0; i < pic.paths.size(); ++i) {
      rtpg.push_back([&, i] {
        const std::string dev = pic.paths[i].dev;
        if (auto r = ask(lab, ini, sg_rtpg_argv("/dev/" + dev), deadline, per_path[i]))
          parse_into(per_path[i], ini, "sg_rtpg", [&] {
            PathAlua a;
            a.dev = dev;
            a.groups = parse_rtpg(r->out);
            per_path[i].alua.push_back(std::move(a));
          });
      });
    }
    in_parallel(rtpg);
    for (auto& p : per_path) merge(pic, std::move(p));
  });
  in_parallel(tasks);
  HealthPicture pic;
  merge(pic, std::move(crm_part));
  for (const auto& t : topo.targets) merge(pic, std::move(target_parts.at(t.name)));
  merge(pic, std::move(ini_part));
  resolve(pic, HealthExpectations::from(topo));
  return pic;
}

std::string health_problems(Lab& lab, const DeployTopology& topo, const Deadline& deadline) {
  auto pic = collect_health(lab, topo, deadline);
  auto list = problems(pic, HealthExpectations::from(topo));
  std::string out;
  for (const auto& s : list) out += (out.empty() ? "" : "; ") + s;
  return out;
}

std::string audit_health_problems(Lab& lab, const DeployTopology& topo, const Deadline& deadline) {
  auto pic = collect_health(lab, topo, deadline);
  if (pic.crm)
    if (auto r = ask(lab, pic.crm_node, cib_constraints_argv(), deadline, pic))
      parse_into(pic, pic.crm_node, "cibadmin constraints",
                 [&] { pic.fence_constraints = parse_drbd_fence_constraints(r->out); });
  auto list = audit_problems(pic, HealthExpectations::from(topo));
  std::string out;
  for (const auto& s : list) out += (out.empty() ? "" : "; ") + s;
  return out;
}

std::string alua_started_problem(Lab& lab, const TargetDriver& target, const DeployTopology& topo,
                                 const Deadline& deadline) {
  std::string states;
  int optimized = 0, nonoptimized = 0;
  for (const auto& t : topo.targets) {
    int s = alua_state_of(lab, target, topo, t.name, deadline);
    optimized += s == 0;
    nonoptimized += s == 1;
    states += fmt::format("{}{}={}", states.empty() ? "" : " ", t.name, s);
  }
  return optimized == 1 && nonoptimized == 1 ? std::string() : "at " + states;
}

Roles observe_roles(Lab& lab, const TargetDriver& target, const DeployTopology& topo,
                    const Deadline& deadline) {
  for (const auto& t : topo.targets)
    if (alua_state_of(lab, target, topo, t.name, deadline) == 0)
      return {t.name, topo.peer_of(t.name).name};
  throw LabError("roles: no target port group is active/optimized");
}

std::uint64_t drbd_out_of_sync_kib(const std::string& proc_drbd, int minor) {
  std::regex dev(fmt::format(R"((^|\n)\s*{}:[^\n]*\n[^\n]*oos:(\d+))", minor));
  std::smatch m;
  if (!std::regex_search(proc_drbd, m, dev))
    throw LabError(fmt::format("/proc/drbd has no oos: counter for minor {}", minor));
  return std::stoull(m[2].str());
}

std::vector<std::pair<std::string, Argv>> log_commands(bool initiator, const TargetDriver& target,
                                                       const DeployTopology& topo) {
  std::vector<std::pair<std::string, Argv>> c{
      {"journal.txt", {"journalctl", "--boot", "--no-pager", "-o", "short-precise"}},
      {"dmesg.txt", {"dmesg", "--time-format", "iso"}},
  };
  if (initiator) {
    c.push_back({"multipath.txt", {"multipath", "-ll"}});
    c.push_back({"iscsi-sessions.txt", {"iscsiadm", "-m", "session", "-P", "3"}});
  } else {
    c.push_back({"crm_mon.xml", {"crm_mon", "--one-shot", "--inactive", "--output-as=xml",
                                 "--fence-history=3"}});
    c.push_back({"drbd.txt", {"cat", "/proc/drbd"}});
    // The options in force (those set away from DRBD's defaults): what a live tunable changed.
    c.push_back({"drbd-options.txt", {"drbdsetup", "show"}});
    c.push_back({"corosync-links.txt", {"corosync-cfgtool", "-s"}});
    for (auto& t : target.log_commands(topo)) c.push_back(std::move(t));
    c.push_back({"cib.xml", {"cibadmin", "--query"}});
  }
  return c;
}

}  // namespace harness
