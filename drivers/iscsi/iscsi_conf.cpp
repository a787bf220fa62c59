// open-iscsi configuration and iscsiadm command lists.
#include "drivers/iscsi/iscsi_conf.hpp"

#include <fmt/format.h>

#include "harness/core/errors.hpp"
#include "harness/scenario/option_io.hpp"

namespace harness {
namespace {

struct Timeouts {
  int replacement, noop_interval, noop_timeout;
};

// Whole seconds within the table's ranges (ScenarioError otherwise), as iscsid.conf takes them.
Timeouts timeouts(const IscsiOptions& tun) {
  require_options(iscsi_option_table(), tun, "/tunables/iscsi");
  return {static_cast<int>(tun.replacement_timeout_s), static_cast<int>(tun.noop_out_interval_s),
          static_cast<int>(tun.noop_out_timeout_s)};
}

Argv node_argv(const IscsiPortal& p) {
  return {"iscsiadm", "--mode", "node", "--targetname", p.iqn, "--portal", p.address};
}

// Every record (portal) of one target.
Argv target_argv(const std::string& iqn) {
  return {"iscsiadm", "--mode", "node", "--targetname", iqn};
}

}  // namespace

std::vector<IscsiPortal> iscsi_portals(const DeployTopology& topo) {
  check_topology(topo);
  std::vector<IscsiPortal> out;
  for (const auto& n : topo.targets)
    for (const auto* a : {&n.san0, &n.san1})
      out.push_back({n.name, n.iqn, fmt::format("{}:{}", *a, topo.iscsi_port)});
  return out;
}

std::vector<std::pair<std::string, std::string>> iscsi_node_settings(const IscsiOptions& tun) {
  Timeouts t = timeouts(tun);
  return {{"node.startup", "manual"},
          {"node.session.timeo.replacement_timeout", std::to_string(t.replacement)},
          {"node.conn[0].timeo.noop_out_interval", std::to_string(t.noop_interval)},
          {"node.conn[0].timeo.noop_out_timeout", std::to_string(t.noop_timeout)}};
}

std::string render_iscsid_conf(const IscsiOptions& tun) {
  std::string out =
      "# Rendered by the failover harness (open-iscsi 2.1.8).\n"
      "iscsid.startup = /bin/systemctl start iscsid.socket\n"
      "# The harness logs in explicitly; nothing logs in at boot.\n";
  for (const auto& [name, value] : iscsi_node_settings(tun))
    out += fmt::format("{} = {}\n", name, value);
  out +=
      "# How long a failed session may take to come back before its I/O is failed up to\n"
      "# dm-multipath (replacement_timeout above); login and logout bounded too.\n"
      "node.conn[0].timeo.login_timeout = 15\n"
      "node.conn[0].timeo.logout_timeout = 15\n"
      "node.session.err_timeo.abort_timeout = 15\n"
      "node.session.err_timeo.lu_reset_timeout = 30\n"
      "node.session.err_timeo.tgt_reset_timeout = 30\n"
      "node.session.initial_login_retry_max = 8\n"
      "node.session.cmds_max = 128\n"
      "node.session.queue_depth = 32\n"
      "node.session.nr_sessions = 1\n"
      "node.session.scan = auto\n"
      "node.session.auth.authmethod = None\n"
      "discovery.sendtargets.auth.authmethod = None\n"
      "node.session.iscsi.InitialR2T = No\n"
      "node.session.iscsi.ImmediateData = Yes\n"
      "node.session.iscsi.FirstBurstLength = 262144\n"
      "node.session.iscsi.MaxBurstLength = 16776192\n"
      "node.conn[0].iscsi.MaxRecvDataSegmentLength = 262144\n"
      "discovery.sendtargets.iscsi.MaxRecvDataSegmentLength = 32768\n";
  return out;
}

std::string render_initiator_name(const DeployTopology& topo) {
  check_topology(topo);
  return "InitiatorName=" + topo.initiator.iqn + "\n";
}

std::vector<GuestFile> iscsi_files(const DeployTopology& topo, const IscsiOptions& tun) {
  return {{kIscsidConfPath, render_iscsid_conf(tun), 0600},
          {kInitiatorNamePath, render_initiator_name(topo), 0644}};
}

std::vector<PlannedCommand> iscsi_login_commands(const DeployTopology& topo, const IscsiOptions& tun) {
  auto portals = iscsi_portals(topo);
  auto settings = iscsi_node_settings(tun);
  std::vector<PlannedCommand> c;
  c.push_back({{"systemctl", "restart", "iscsid.service"},
               "iscsid reads the initiator name and iscsid.conf at start"});
  // Each portal's SendTargets answer lists that target's portals; asking every portal means a
  // fabric that is down at deploy time does not hide the other.
  for (const auto& p : portals)
    c.push_back({{"iscsiadm", "--mode", "discovery", "--type", "sendtargets", "--portal",
                  p.address},
                 "discover the targets behind " + p.address});
  // Per target rather than per portal: iscsiadm applies an update to every record of the
  // target, and logs in to all of its portals at once (each command is an ssh round trip and
  // a process on a TCG guest: 25 commands took 9-10 s of every deploy, 15 do).
  for (const auto& t : topo.targets) {
    for (const auto& [name, value] : settings) {
      Argv a = target_argv(t.iqn);
      a.insert(a.end(), {"--op", "update", "--name", name, "--value", value});
      c.push_back({std::move(a), fmt::format("{} (both portals): {}", t.name, name)});
    }
  }
  for (const auto& t : topo.targets) {
    Argv a = target_argv(t.iqn);
    a.push_back("--login");
    c.push_back({std::move(a), fmt::format("log in to {} via both portals", t.name)});
  }
  return c;
}

std::vector<PlannedCommand> iscsi_logout_commands(const DeployTopology& topo) {
  std::vector<PlannedCommand> c;
  for (const auto& p : iscsi_portals(topo)) {
    Argv out = node_argv(p);
    out.push_back("--logout");
    c.push_back({std::move(out), "log out of " + p.address, true});
    Argv del = node_argv(p);
    del.insert(del.end(), {"--op", "delete"});
    c.push_back({std::move(del), "forget the record for " + p.address, true});
  }
  return c;
}

Argv iscsi_rescan_argv() { return {"iscsiadm", "-m", "session", "--rescan"}; }

std::string iscsi_replacement_timeout_value(const IscsiOptions& tun) {
  return std::to_string(timeouts(tun).replacement);
}

std::vector<PlannedCommand> iscsi_live_commands(const DeployTopology& topo, const IscsiOptions& tun) {
  std::vector<PlannedCommand> c;
  for (const auto& t : topo.targets) {
    Argv a = target_argv(t.iqn);
    a.insert(a.end(), {"--op", "update", "--name", "node.session.timeo.replacement_timeout",
                       "--value", iscsi_replacement_timeout_value(tun)});
    c.push_back({std::move(a), t.name + " (both portals): node.session.timeo.replacement_timeout"});
  }
  return c;
}

Argv iscsi_recovery_tmo_argv(int sid) {
  if (sid < 0) throw LabError(fmt::format("iscsi_recovery_tmo_argv: no session id ({})", sid));
  return {"tee", fmt::format("/sys/class/iscsi_session/session{}/recovery_tmo", sid)};
}

}  // namespace harness
