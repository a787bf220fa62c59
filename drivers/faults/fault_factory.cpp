#include "drivers/faults/fault_factory.hpp"

#include "drivers/faults/fault_kinds.hpp"
#include "harness/core/errors.hpp"

namespace harness {

FaultFactory make_fault_factory() {
  return [](const FaultSpec& spec, const std::string& node, FaultEnv& env) -> std::unique_ptr<Fault> {
    const FaultKind* kind = registered_fault_kind(spec.kind);
    if (!kind) throw ScenarioError("unknown fault kind '" + spec.kind + "'");
    // A spec built in code may leave out what a scenario file gets by default (disk_error's mode).
    return kind->make(with_defaults(kind->step, spec), node, env);
  };
}

}  // namespace harness
