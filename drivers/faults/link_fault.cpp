#include "drivers/faults/link_fault.hpp"

#include <fmt/format.h>

#include "harness/core/errors.hpp"

namespace harness {

LinkFault::LinkFault(const FaultSpec& spec, std::string node, Lab& lab, Clock& clock,
                     std::vector<std::string> networks)
    : RecordedFault(spec, std::move(node), clock), lab_(lab), networks_(std::move(networks)) {
  if (networks_.empty()) throw ScenarioError(spec.kind + ": no network to cut");
}

std::string LinkFault::detail() const { return fmt::format("{}", fmt::join(networks_, " ")); }

nlohmann::json LinkFault::do_inject(const Deadline& deadline) {
  // One after the other, ~30 ms each on libvirt; the fault instant is the first cut. A failure
  // stops here: the heal brings every listed link up, whichever went down.
  for (const auto& net : networks_) lab_.set_link(node(), net, false, deadline);
  return nlohmann::json::object();
}

nlohmann::json LinkFault::do_heal(const Deadline& deadline) {
  // Every link is tried even if one fails, so one stuck NIC does not keep the others down.
  std::vector<std::string> errors;
  for (const auto& net : networks_) {
    try {
      lab_.set_link(node(), net, true, deadline);
    } catch (const Interrupted&) {
      throw;
    } catch (const std::exception& e) {
      errors.push_back(e.what());
    }
  }
  if (!errors.empty()) throw LabError(fmt::format("{}", fmt::join(errors, "; ")));
  return nlohmann::json::object();
}

std::vector<std::string> link_cut_networks(const FaultSpec& spec) {
  auto nics = spec.option_strings("nics");
  if (nics.empty()) throw ScenarioError("link_cut: `nics` lists no network");
  return nics;
}

std::vector<std::string> split_brain_networks() { return {"ring0", "ring1"}; }

}  // namespace harness
