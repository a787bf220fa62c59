#pragma once
// One kind of fault, declared in one file (drivers/faults/<kind>.cpp) and listed on one line of
// drivers/faults/fault_kinds.cpp: what a step of this kind may say (read by the scenario reader,
// `harness faults` and the schema), what it needs of the lab, what it tells the checks, and how
// its Fault is made. Like a fio engine's ops table: data and three functions, no subclassing.
#include <functional>
#include <memory>
#include <string>

#include "drivers/fault.hpp"
#include "harness/scenario/fault_kind.hpp"

namespace harness {

struct FaultKind {
  FaultStepRules step{};
  // The injected node is gone afterwards (powered off): its inject event says so
  // (drivers/faults/events.hpp), so the checks know without knowing fault names.
  bool loses_node = false;
  // Why `lab` cannot run this step of the kind, or empty. Asked before anything starts (the
  // lab may not be provisioned yet); unset: any lab.
  std::function<std::string(const Lab& lab, const FaultSpec& spec)> lab_lacks{};
  // The fault for a spec that passed the step's rules (defaults filled in), aimed at `node`.
  using Maker = std::function<std::unique_ptr<Fault>(const FaultSpec& spec, const std::string& node,
                                                     FaultEnv& env)>;
  Maker make{};
};

}  // namespace harness
