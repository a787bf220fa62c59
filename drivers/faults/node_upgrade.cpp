// node_upgrade: one node reinstalled with another image under I/O (NodeUpgrade); only a lab
// that can reimage a node can.
#include "drivers/faults/node_upgrade.hpp"

#include <sstream>

#include <fmt/format.h>

#include "drivers/faults/fault_kind.hpp"
#include "harness/core/errors.hpp"
#include "harness/core/names.hpp"
#include "harness/scenario/json_reader.hpp"

namespace harness {

namespace {
// What a storage stack upgrade changes; the kernel carries DRBD's module and LIO.
const std::vector<std::string> kStackPackages = {"pacemaker", "corosync", "drbd-utils",
                                                 "resource-agents", "targetcli-fb", "fence-agents"};

Reimageable& reimageable(Lab& lab) {
  auto* r = dynamic_cast<Reimageable*>(&lab);
  if (!r) throw LabError("node_upgrade: " + lab.describe() + " cannot reimage a node");
  return *r;
}

nlohmann::json versions_of(Lab& lab, const std::string& node, const Deadline& deadline) {
  auto r = lab.remote(node).run(stack_versions_argv(), deadline.capped(60));
  return parse_stack_versions(r.out);
}
}  // namespace

Argv stack_versions_argv() {
  // dpkg-query exits 1 if one package is not installed but prints the others; the kernel line
  // comes from a second command, so sh -c with a fixed script (no input reaches it).
  std::string script = "dpkg-query -W -f '${Package} ${Version}\\n'";
  for (const auto& p : kStackPackages) script += " " + p;
  script += " 2>/dev/null; echo kernel $(uname -r)";
  return {"sh", "-c", script};
}

nlohmann::json parse_stack_versions(const std::string& out) {
  nlohmann::json v = nlohmann::json::object();
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line)) {
    auto sp = line.find(' ');
    if (sp == std::string::npos || sp == 0 || sp + 1 >= line.size()) continue;
    v[line.substr(0, sp)] = line.substr(sp + 1);
  }
  return v;
}

NodeUpgrade::NodeUpgrade(const FaultSpec& spec, std::string node, FaultEnv& env)
    : RecordedFault(spec, std::move(node), env.clock), env_(env) {
  if (!is_valid_recipe_name(spec.option_string("image")))
    throw ScenarioError("node_upgrade: `image` is not an image name");
}

nlohmann::json NodeUpgrade::do_inject(const Deadline& deadline) {
  Reimageable& lab = reimageable(env_.lab);
  const std::string to = spec().option_string("image");
  const std::string from = lab.image_of(node());
  if (from == to)
    throw LabError(fmt::format("node_upgrade: {} already runs image {}; a rolling upgrade needs "
                               "the lab on the image it upgrades from (lab.image)",
                               node(), to));
  nlohmann::json before = versions_of(env_.lab, node(), deadline);
  mark_action();
  env_.sut.take_out(node(), deadline);
  const std::int64_t out_ns = clock().now_ns();
  env_.lab.power_off(node(), deadline);
  lab.reimage(node(), to, deadline);
  env_.lab.power_on(node(), deadline);
  const std::int64_t boot_ns = clock().now_ns();
  env_.sut.bring_back(node(), deadline);
  const std::int64_t back_ns = clock().now_ns();
  return {{"from_image", from},
          {"to_image", to},
          {"versions_before", std::move(before)},
          {"versions_after", versions_of(env_.lab, node(), deadline)},
          {"out_of_service_ns", out_ns},
          {"powered_on_ns", boot_ns},
          {"back_in_service_ns", back_ns}};
}

nlohmann::json NodeUpgrade::do_heal(const Deadline&) {
  return {{"skipped", "an upgrade is not undone"}};
}

namespace {
std::optional<nlohmann::json> read_image(const OptionSite& site, const nlohmann::json& v) {
  auto s = read_string(site.diag, v, site.pointer, is_valid_recipe_name, "an image (recipe) name");
  if (!s) return std::nullopt;
  return nlohmann::json(*s);
}
}  // namespace

const FaultKind& node_upgrade_fault_kind() {
  static const FaultKind kind{
      .step = {.name = "node_upgrade",
               .doc = "the node is taken out of service cleanly (its ALUA role, target, DRBD "
                      "and cluster stopped), reinstalled with `image` and brought back; the "
                      "step ends when it serves I/O again, and is not undone",
               .targets = kTargetNodes,
               .options = {{.key = "image",
                            .required = true,
                            .expected = "an image (recipe) name, e.g. \"trixie\"",
                            .doc = "the image the node is reinstalled with (vm-images/<name>)",
                            .read = read_image,
                            .schema = {{"type", "string"}, {"pattern", "^[a-z0-9][a-z0-9._-]{0,63}$"}}}},
               .permanent = true},
      .lab_lacks = [](const Lab& lab, const FaultSpec& spec) -> std::string {
        auto* r = dynamic_cast<const Reimageable*>(&lab);
        if (!r) return fmt::format("node_upgrade needs a lab that can reimage a node; {} cannot",
                                   lab.describe());
        const std::string image = spec.option_string("image");
        if (image == r->lab_image())
          return fmt::format("node_upgrade to {}: the lab runs {} already; a rolling upgrade "
                             "starts from another image (lab.image, --image)",
                             image, image);
        try {
          r->check_image(image);
        } catch (const Error& e) {
          return e.what();
        }
        return {};
      },
      .make = [](const FaultSpec& spec, const std::string& node, FaultEnv& env) -> std::unique_ptr<Fault> {
        return std::make_unique<NodeUpgrade>(spec, node, env);
      }};
  return kind;
}

}  // namespace harness
