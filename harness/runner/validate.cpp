#include "harness/runner/validate.hpp"

#include <fmt/format.h>

#include "harness/core/errors.hpp"

namespace harness {

namespace {
[[noreturn]] void fail(const Scenario& s, const Step& step, const std::string& why) {
  throw ScenarioError(fmt::format("{}: /steps/{}/fault: {}", s.file.string(), step.index, why));
}
}  // namespace

void validate_against_lab(const Scenario& scenario, const Lab& lab) {
  for (const auto& step : scenario.steps) {
    if (!step.fault) continue;
    const FaultSpec& f = *step.fault;
    switch (f.type) {
      case FaultType::pause:
        if (!dynamic_cast<const Pausable*>(&lab))
          fail(scenario, step,
               fmt::format("pause needs a lab that can suspend a node; {} cannot", lab.describe()));
        break;
      // The scenario parser checks these too; repeated here because a Scenario can also be
      // built in code, and a fault constructor would only find out mid-run.
      case FaultType::link_cut:
        if (f.nics.empty()) fail(scenario, step, "link_cut needs at least one entry in nics");
        break;
      case FaultType::ring_loss:
        if (!f.ring || (*f.ring != 0 && *f.ring != 1))
          fail(scenario, step, "ring_loss needs ring 0 or 1");
        break;
      case FaultType::process_kill:
        if (f.process.empty()) fail(scenario, step, "process_kill needs a process name");
        break;
      case FaultType::disk_error:
        if (f.mode != "error" && f.mode != "flakey")
          fail(scenario, step, fmt::format("disk_error mode must be error or flakey, found '{}'", f.mode));
        break;
      case FaultType::node_kill:
      case FaultType::split_brain:
        break;
    }
  }
}

}  // namespace harness
