// State probes of the deployed system.
#include "drivers/sut/health_probe.hpp"

#include <pugixml.hpp>
#include <fmt/format.h>
#include <regex>

#include "drivers/cluster/cluster_commands.hpp"
#include "drivers/target/lio_driver.hpp"
#include "harness/errors.hpp"

namespace harness {
namespace {

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\r')) s.pop_back();
  return s;
}

// alua_access_state of `node`'s own group, read from its configfs; -1 if unreadable.
int alua_state_of(Lab& lab, const DeployTopology& topo, const std::string& node,
                  const Deadline& deadline) {
  try {
    auto r = lab.remote(node).run({"cat", lio_alua_group_dir(topo, node) + "/alua_access_state"},
                                  deadline.capped(15));
    if (r.exit_status != 0) return -1;
    return std::stoi(trim(r.out));
  } catch (const std::exception&) {
    return -1;
  }
}

}  // namespace

bool crm_node_online(const std::string& xml, const std::string& node) {
  pugi::xml_document doc;
  if (!doc.load_string(xml.c_str())) return false;
  for (auto n : doc.select_nodes("//nodes/node"))
    if (n.node().attribute("name").value() == node)
      return std::string(n.node().attribute("online").value()) == "true";
  return false;
}

std::string health_problems(Lab& lab, const DeployTopology& topo, const Deadline& deadline) {
  std::vector<std::string> p;
  const std::string first = topo.targets.front().name;
  auto crm = lab.remote(first).run(cluster_status_argv(), deadline.capped(30));
  if (crm.exit_status != 0) {
    p.push_back(fmt::format("crm_mon on {} exit {}", first, crm.exit_status));
  } else {
    for (const auto& t : topo.targets)
      if (!crm_node_online(crm.out, t.name)) p.push_back(t.name + " not online");
    pugi::xml_document doc;
    doc.load_string(crm.out.c_str());
    if (doc.select_node("//failures/failure")) p.push_back("failed actions in crm_mon");
  }
  int optimized = 0, nonoptimized = 0;
  for (const auto& t : topo.targets) {
    auto r = lab.remote(t.name).run({"cat", "/proc/drbd"}, deadline.capped(15));
    if (r.out.find("cs:Connected ro:Primary/Primary ds:UpToDate/UpToDate") == std::string::npos)
      p.push_back(t.name + ": DRBD not Connected Primary/Primary UpToDate/UpToDate");
    int s = alua_state_of(lab, topo, t.name, deadline);
    if (s == 0) ++optimized;
    if (s == 1) ++nonoptimized;
  }
  if (optimized != 1 || nonoptimized != 1)
    p.push_back(fmt::format("ALUA: {} group(s) active/optimized and {} active/non-optimized",
                            optimized, nonoptimized));
  auto mp = lab.remote(topo.initiator.name)
                .run({"multipathd", "show", "paths", "raw", "format", "%d %t %T %p"},
                     deadline.capped(15));
  int ready = 0;
  std::regex line(R"((\S+) active ready (\d+))");
  for (auto it = std::sregex_iterator(mp.out.begin(), mp.out.end(), line);
       it != std::sregex_iterator(); ++it)
    ++ready;
  if (ready != 4) p.push_back(fmt::format("multipath: {} of 4 paths active and ready", ready));
  std::string out;
  for (const auto& s : p) out += (out.empty() ? "" : "; ") + s;
  return out;
}

std::string alua_started_problem(Lab& lab, const DeployTopology& topo, const Deadline& deadline) {
  std::string states;
  int optimized = 0, nonoptimized = 0;
  for (const auto& t : topo.targets) {
    int s = alua_state_of(lab, topo, t.name, deadline);
    optimized += s == 0;
    nonoptimized += s == 1;
    states += fmt::format("{}{}={}", states.empty() ? "" : " ", t.name, s);
  }
  return optimized == 1 && nonoptimized == 1 ? std::string() : "at " + states;
}

Roles observe_roles(Lab& lab, const DeployTopology& topo, const Deadline& deadline) {
  for (const auto& t : topo.targets)
    if (alua_state_of(lab, topo, t.name, deadline) == 0)
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

std::vector<std::pair<std::string, Argv>> log_commands(bool initiator) {
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
    c.push_back({"corosync-links.txt", {"corosync-cfgtool", "-s"}});
    c.push_back({"lio.txt", {"targetcli", "ls"}});
    c.push_back({"cib.xml", {"cibadmin", "--query"}});
  }
  return c;
}

}  // namespace harness
