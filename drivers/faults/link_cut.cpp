// link_cut: the node's NIC on each network listed in `nics` loses carrier (LinkFault).
#include <fmt/format.h>

#include "drivers/faults/fault_kind.hpp"
#include "drivers/faults/link_fault.hpp"
#include "harness/scenario/json_reader.hpp"

namespace harness {

namespace {
// mgmt is absent on purpose: the harness reaches every node over it, so it is never faulted.
const std::vector<std::string_view> kNodeNics = {"ring0", "ring1", "san0", "san1"};
const std::vector<std::string_view> kInitiatorNics = {"san0", "san1"};

nlohmann::ordered_json nics_enum(const std::vector<std::string_view>& nics) {
  return {{"enum", nics}};
}

std::optional<nlohmann::json> read_nics(const OptionSite& site, const nlohmann::json& v) {
  const auto& nics = site.target == "initiator" ? kInitiatorNics : kNodeNics;
  if (v.is_array()) {
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (v[i] == "mgmt") {
        site.diag.error(json_pointer_child(site.pointer, i),
                        "one of " + join_choices(nics) +
                            " (mgmt is never faulted: the harness reaches the nodes over it)",
                        "\"mgmt\"");
        return std::nullopt;
      }
    }
  }
  const std::string noun = site.target == "initiator"
                               ? "a list of the initiator's networks whose NIC goes down"
                               : "a list of networks whose NIC goes down";
  auto list = read_choice_list(site.diag, v, site.pointer, nics, noun, false);
  if (!list) return std::nullopt;
  return nlohmann::json(*list);
}
}  // namespace

const FaultKind& link_cut_fault_kind() {
  static const FaultKind kind{
      .step = {.name = "link_cut",
               .doc = "the node's NIC on each listed network loses carrier; heal brings them up",
               .targets = kAnyTarget,
               .options = {{.key = "nics",
                            .required = true,
                            .expected = "a list of networks whose NIC goes down (ring0, ring1, san0, san1)",
                            .doc = "networks whose NIC goes down: ring0, ring1, san0, san1 "
                                   "(initiator: san0, san1); mgmt is never faulted",
                            .read = read_nics,
                            .schema = {{"type", "array"},
                                       {"minItems", 1},
                                       {"uniqueItems", true},
                                       {"items", nics_enum(kNodeNics)},
                                       {"description",
                                        "Networks whose NIC goes down (mgmt is never faulted)."}}}},
               .schema_extra = {{"if", {{"properties", {{"target", {{"const", "initiator"}}}}}}},
                                {"then",
                                 {{"properties", {{"nics", {{"items", nics_enum(kInitiatorNics)}}}}}}}}},
      .make = [](const FaultSpec& spec, const std::string& node, FaultEnv& env) -> std::unique_ptr<Fault> {
        return std::make_unique<LinkFault>(spec, node, env.lab, env.clock, link_cut_networks(spec));
      }};
  return kind;
}

}  // namespace harness
