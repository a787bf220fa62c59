#pragma once
// The real faults, by the kind a step names (the list in fault_kinds.cpp). Each acts through the
// Lab (power, links, suspend) or a node's Remote only, so all of them run against the fake lab
// in unit tests.
#include "drivers/fault.hpp"

namespace harness {

FaultFactory make_fault_factory();

}  // namespace harness
