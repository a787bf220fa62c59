#pragma once
// The registry of fault kinds (the list is in fault_kinds.cpp, one line per kind).
#include <string_view>
#include <vector>

#include "drivers/faults/fault_kind.hpp"

namespace harness {

// Every kind, in the list's order.
const std::vector<const FaultKind*>& fault_kinds();
// The same kinds as the scenario reader takes them.
const FaultKinds& fault_step_rules();
// nullptr for a name no kind declares.
const FaultKind* registered_fault_kind(std::string_view name);

}  // namespace harness
