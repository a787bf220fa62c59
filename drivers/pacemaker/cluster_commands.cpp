// corosync/Pacemaker files and command lists.
#include "drivers/pacemaker/cluster_commands.hpp"

#include "drivers/pacemaker/cib_xml.hpp"
#include "drivers/corosync/corosync_conf.hpp"
#include "drivers/drbd/drbd_conf.hpp"

namespace harness {

std::vector<GuestFile> cluster_files(const DeployTopology& topo, const Tunables& tun) {
  return {{kCorosyncConfPath, render_corosync_conf(topo, tun.corosync), 0644},
          {drbd_resource_path(topo),
           render_drbd_resource(topo, tun.drbd, tun.pacemaker.stonith_enabled), 0644}};
}

GuestFile cib_file(const DeployTopology& topo, const Tunables& tun, const ClusterAgent& alua) {
  return {kCibConfigurationPath, render_cib_configuration(topo, tun.pacemaker, tun.fence, alua), 0600};
}

Argv empty_cib_argv() { return {"cibadmin", "--empty"}; }

namespace {

// crm_attribute on dc-deadtime in the live CIB file, Pacemaker not running: `action` follows.
Argv offline_dc_deadtime_argv(std::vector<std::string> action) {
  Argv argv{"env",         std::string("CIB_file=") + kLiveCibPath, "crm_attribute", "--type",
            "crm_config", "--name", "dc-deadtime"};
  argv.insert(argv.end(), action.begin(), action.end());
  return argv;
}

}  // namespace

std::vector<PlannedCommand> cib_seed_commands(const Tunables& tun) {
  return {{{"chown", "hacluster:haclient", kLiveCibPath}, "the CIB belongs to pacemaker-based"},
          {{"chmod", "0600", kLiveCibPath}, "as pacemaker-based keeps it"},
          // A digest left from an earlier CIB makes crm_attribute skip the write and still exit
          // 0 (seen in the lab); pacemaker-based would then discard the file.
          {{"rm", "-f", std::string(kLiveCibPath) + ".sig"}, "no stale digest"},
          // CIB_file on the live path is Pacemaker's offline edit: it also writes cib.xml.sig.
          {offline_dc_deadtime_argv({"--update", dc_deadtime_value(tun.pacemaker)}),
           "dc-deadtime from the first start: both nodes start together, and would each wait "
           "Pacemaker's 20 s for a DC that does not exist yet"}};
}

Argv cib_seed_query_argv() { return offline_dc_deadtime_argv({"--query", "--quiet"}); }

std::vector<PlannedCommand> cluster_start_commands() {
  return {{{"systemctl", "start", "corosync.service"}, "cluster membership over both rings"},
          {{"systemctl", "start", "pacemaker.service"}, "cluster resource manager"}};
}

Argv cluster_status_argv() {
  return {"cibadmin", "--query", "--xpath", "/cib/status/node_state", "--no-children"};
}

std::vector<PlannedCommand> cib_load_commands() {
  // cibadmin rejects a configuration that fails the schema; crm_verify then checks what the
  // schema cannot (references, agent metadata) on the live CIB.
  return {{cib_replace_argv(), "load the whole configuration in one transaction"},
          {{"crm_verify", "--live-check"}, "semantic check of the loaded configuration"}};
}

std::vector<PlannedCommand> cluster_stop_commands() {
  return {{{"systemctl", "stop", "pacemaker.service"}, "stop resources and Pacemaker", true},
          {{"systemctl", "stop", "corosync.service"}, "leave the membership", true}};
}

Argv ban_argv(const std::string& resource, const std::string& node) {
  return {"crm_resource", "--ban", "--resource", resource, "--node", node, "--quiet"};
}

Argv clear_ban_argv(const std::string& resource, const std::string& node) {
  return {"crm_resource", "--clear", "--resource", resource, "--node", node, "--quiet"};
}

}  // namespace harness
