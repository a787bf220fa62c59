// Renders the CIB <configuration> with pugixml (Pacemaker 2.1 syntax: promotable clones,
// Promoted/Unpromoted role names, promoted-max).
#include "drivers/pacemaker/cib_xml.hpp"
#include "drivers/pacemaker/fence_devices.hpp"

#include <algorithm>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <pugixml.hpp>

#include "harness/core/errors.hpp"
#include "harness/scenario/option_io.hpp"

namespace harness {
namespace {

using Params = std::vector<std::pair<std::string, std::string>>;

pugi::xml_node child(pugi::xml_node parent, const char* name, const std::string& id) {
  auto n = parent.append_child(name);
  n.append_attribute("id") = id.c_str();
  return n;
}

void nvpairs(pugi::xml_node set, const Params& params) {
  std::string prefix = set.attribute("id").value();
  for (const auto& [name, value] : params) {
    auto nv = child(set, "nvpair", prefix + "-" + name);
    nv.append_attribute("name") = name.c_str();
    nv.append_attribute("value") = value.c_str();
  }
}

void op(pugi::xml_node ops, const std::string& rsc, const char* name, const char* interval,
        const char* timeout, const char* role = nullptr) {
  std::string id = fmt::format("{}-{}-{}", rsc, name, interval);
  if (role) id += std::string("-") + role;
  auto o = child(ops, "op", id);
  o.append_attribute("name") = name;
  o.append_attribute("interval") = interval;
  o.append_attribute("timeout") = timeout;
  if (role) o.append_attribute("role") = role;
}

// A score the pacemaker table has checked to be whole.
std::string score(double v) { return std::to_string(static_cast<long>(v)); }

void add_fencing(pugi::xml_node resources, pugi::xml_node constraints, const DeployTopology& topo,
                 const FenceOptions& tun) {
  for (const auto& n : topo.targets) {
    std::string id = fence_device_id(n.name);
    auto prim = child(resources, "primitive", id);
    prim.append_attribute("class") = "stonith";
    FenceDevice dev = fence_device(topo, tun, n);
    prim.append_attribute("type") = dev.type.c_str();
    nvpairs(child(prim, "instance_attributes", id + "-params"), dev.params);
    op(child(prim, "operations", id + "-ops"), id, "monitor", "60s", "90s");
    // A node never runs the device that fences it: it could not shoot itself reliably.
    auto loc = child(constraints, "rsc_location", fmt::format("loc-{}-avoids-{}", id, n.name));
    loc.append_attribute("rsc") = id.c_str();
    loc.append_attribute("node") = n.name.c_str();
    loc.append_attribute("score") = "-INFINITY";
  }
}

void promotable_meta(pugi::xml_node clone, const std::string& id, int promoted_max) {
  nvpairs(child(clone, "meta_attributes", id + "-meta"),
          {{"promotable", "true"},
           {"promoted-max", std::to_string(promoted_max)},
           {"promoted-node-max", "1"},
           {"clone-max", "2"},
           {"clone-node-max", "1"},
           {"notify", "true"},
           // Orderings between the two clones apply per node, not to the clones as a whole.
           {"interleave", "true"}});
}

void add_drbd(pugi::xml_node resources, const DeployTopology& topo) {
  auto clone = child(resources, "clone", kDrbdCloneId);
  promotable_meta(clone, kDrbdCloneId, 2);  // dual primary: both nodes serve the LU
  auto prim = child(clone, "primitive", kDrbdPrimitiveId);
  prim.append_attribute("class") = "ocf";
  prim.append_attribute("provider") = "linbit";
  prim.append_attribute("type") = "drbd";
  nvpairs(child(prim, "instance_attributes", std::string(kDrbdPrimitiveId) + "-params"),
          {{"drbd_resource", topo.drbd_resource}});
  auto ops = child(prim, "operations", std::string(kDrbdPrimitiveId) + "-ops");
  // Monitor timeouts well above what the agents need on an idle TCG guest (a few s): on a
  // starved host a 20 s drbd monitor and a 30 s fence_virsh monitor timed out, and with
  // migration-threshold=1 Pacemaker then stopped DRBD on the survivor (seen in the lab).
  op(ops, kDrbdPrimitiveId, "monitor", "20s", "60s", "Promoted");
  op(ops, kDrbdPrimitiveId, "monitor", "21s", "60s", "Unpromoted");
  op(ops, kDrbdPrimitiveId, "start", "0s", "240s");
  op(ops, kDrbdPrimitiveId, "stop", "0s", "100s");
  op(ops, kDrbdPrimitiveId, "promote", "0s", "90s");
  op(ops, kDrbdPrimitiveId, "demote", "0s", "90s");
  op(ops, kDrbdPrimitiveId, "notify", "0s", "90s");
}

void add_alua(pugi::xml_node resources, const DeployTopology& topo, const ClusterAgent& agent) {
  auto clone = child(resources, "clone", kAluaCloneId);
  promotable_meta(clone, kAluaCloneId, 1);  // one active/optimized group
  auto prim = child(clone, "primitive", kAluaPrimitiveId);
  prim.append_attribute("class") = "ocf";
  prim.append_attribute("provider") = agent.ocf_provider.c_str();
  prim.append_attribute("type") = agent.ocf_type.c_str();
  // A clone has one parameter set; the group name differs per node, so each node gets its own
  // set selected by a #uname rule.
  for (const auto& n : topo.targets) {
    auto it = agent.params_by_node.find(n.name);
    if (it == agent.params_by_node.end())
      throw LabError(fmt::format("deploy: ALUA agent has no parameters for node {}", n.name));
    std::string set_id = fmt::format("{}-params-{}", kAluaPrimitiveId, n.name);
    auto set = child(prim, "instance_attributes", set_id);
    auto rule = child(set, "rule", set_id + "-rule");
    rule.append_attribute("score") = "0";
    auto expr = child(rule, "expression", set_id + "-rule-uname");
    expr.append_attribute("attribute") = "#uname";
    expr.append_attribute("operation") = "eq";
    expr.append_attribute("value") = n.name.c_str();
    nvpairs(set, Params(it->second.begin(), it->second.end()));
  }
  auto ops = child(prim, "operations", std::string(kAluaPrimitiveId) + "-ops");
  op(ops, kAluaPrimitiveId, "monitor", "10s", "60s", "Promoted");
  op(ops, kAluaPrimitiveId, "monitor", "11s", "60s", "Unpromoted");
  for (const char* action : {"start", "stop", "promote", "demote", "notify"})
    op(ops, kAluaPrimitiveId, action, "0s", "30s");
}

void add_alua_constraints(pugi::xml_node constraints, const DeployTopology& topo) {
  // ALUA runs only where DRBD is Promoted...
  auto col = child(constraints, "rsc_colocation", "col-alua-with-drbd-promoted");
  col.append_attribute("rsc") = kAluaCloneId;
  col.append_attribute("with-rsc") = kDrbdCloneId;
  col.append_attribute("with-rsc-role") = "Promoted";
  col.append_attribute("score") = "INFINITY";
  // ...and starts only after DRBD was promoted there (and stops before it is demoted).
  auto ord = child(constraints, "rsc_order", "ord-drbd-promote-then-alua-start");
  ord.append_attribute("first") = kDrbdCloneId;
  ord.append_attribute("first-action") = "promote";
  ord.append_attribute("then") = kAluaCloneId;
  ord.append_attribute("then-action") = "start";
  ord.append_attribute("kind") = "Mandatory";
  // A tie-breaker for the first promotion, so that runs start alike: smaller than the bonus
  // the agent gives the promoted instance, so it never causes a failback.
  const TargetNode& first = topo.targets.front();
  std::string id = "loc-alua-first-promoted-" + first.name;
  auto loc = child(constraints, "rsc_location", id);
  loc.append_attribute("rsc") = kAluaCloneId;
  auto rule = child(loc, "rule", id + "-rule");
  rule.append_attribute("role") = "Promoted";
  rule.append_attribute("score") = "1";
  auto expr = child(rule, "expression", id + "-rule-uname");
  expr.append_attribute("attribute") = "#uname";
  expr.append_attribute("operation") = "eq";
  expr.append_attribute("value") = first.name.c_str();
}

void check_ids(const pugi::xml_document& doc) {
  std::set<std::string> seen;
  for (auto x : doc.select_nodes("//*[@id]")) {
    std::string id = x.node().attribute("id").value();
    // Node ids are corosync nodeids (numbers), which the CIB schema allows.
    bool node_id = std::string_view(x.node().parent().name()) == "nodes";
    if (!(node_id || is_xml_id(id)) || !seen.insert(id).second)
      throw LabError(fmt::format("deploy: CIB id \"{}\" is invalid or not unique", id));
  }
}

}  // namespace

std::string fence_device_id(const std::string& fenced_node) { return "fence-" + fenced_node; }

std::string dc_deadtime_value(const PacemakerOptions& pcmk) {
  return fmt::format("{}s", pcmk.dc_deadtime_s);
}

std::string render_cib_configuration(const DeployTopology& topo, const PacemakerOptions& pcmk,
                                     const FenceOptions& fence,
                                     const ClusterAgent& alua_agent) {
  check_topology(topo);
  require_options(pacemaker_option_table(), pcmk, "/tunables/pacemaker");
  require_options(fence_option_table(), fence, "/tunables/fence");
  if (!fence.delay_node.empty() &&
      std::none_of(topo.targets.begin(), topo.targets.end(),
                   [&](const TargetNode& n) { return n.name == fence.delay_node; }))
    throw ScenarioError(fmt::format("tunables: fence.delay_node: expected a target node, found \"{}\"",
                                    fence.delay_node));
  pugi::xml_document doc;
  auto conf = doc.append_child("configuration");

  auto crm = conf.append_child("crm_config");
  nvpairs(child(crm, "cluster_property_set", "cib-bootstrap-options"),
          {{"stonith-enabled", pcmk.stonith_enabled ? "true" : "false"},
           // A fenced node stays off until the harness powers it on: failback must be ordered
           // (its DRBD resynced and Primary before its paths come back), never automatic.
           {"stonith-action", "off"},
           // With two_node the survivor keeps quorum; a node without quorum stops everything.
           {"no-quorum-policy", "stop"},
           {"symmetric-cluster", "true"},
           // Also seeded into the CIB before the first start (cib_seed_commands): the two nodes
           // start together, and each would wait this long for a DC that does not exist yet.
           {"dc-deadtime", dc_deadtime_value(pcmk)},
           // Under TCG a guest's load average is 1.5–3 on one vCPU from emulation alone; at
           // Pacemaker's 80 % the controller ran every probe, fence device start and ALUA
           // start one after the other (34 s of each deploy and rejoin).
           {"load-threshold", fmt::format("{}%", pcmk.load_threshold_pct)}});

  auto nodes = conf.append_child("nodes");
  for (const auto& n : topo.targets) {
    // Pacemaker's node ids are corosync's nodeids.
    auto node = child(nodes, "node", std::to_string(n.nodeid));
    node.append_attribute("uname") = n.name.c_str();
  }

  auto resources = conf.append_child("resources");
  auto constraints = conf.append_child("constraints");
  add_fencing(resources, constraints, topo, fence);
  add_drbd(resources, topo);
  add_alua(resources, topo, alua_agent);
  add_alua_constraints(constraints, topo);

  auto rsc_defaults = conf.append_child("rsc_defaults");
  nvpairs(child(rsc_defaults, "meta_attributes", "rsc-options"),
          {{"resource-stickiness",
            score(pcmk.resource_stickiness)},
           {"migration-threshold",
            score(pcmk.migration_threshold)}});

  check_ids(doc);

  std::ostringstream out;
  doc.save(out, "  ", pugi::format_default | pugi::format_no_declaration);
  return out.str();
}

Argv cib_replace_argv(const std::string& xml_file) {
  return {"cibadmin", "--replace", "--scope", "configuration", "--xml-file", xml_file};
}

std::vector<Argv> cib_live_update_argvs(const std::string& configuration_xml) {
  pugi::xml_document doc;
  if (!doc.load_string(configuration_xml.c_str()))
    throw LabError("cib_live_update_argvs: the rendered configuration is not XML");
  std::vector<Argv> out;
  for (const char* scope : {"crm_config", "rsc_defaults"}) {
    pugi::xml_node set = doc.child("configuration").child(scope).first_child();
    if (!set) throw LabError(fmt::format("cib_live_update_argvs: no {} in the configuration", scope));
    std::ostringstream xml;
    set.print(xml, "", pugi::format_raw);
    out.push_back({"cibadmin", "--modify", "--scope", scope, "--xml-text", xml.str()});
  }
  return out;
}

}  // namespace harness
