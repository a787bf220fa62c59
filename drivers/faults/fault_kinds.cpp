// THE list of fault kinds. Adding a fault is one new file, drivers/faults/<kind>.cpp, defining
// `const FaultKind& <kind>_fault_kind()`, and one line below; the scenario reader, validation,
// `harness faults`, the schema's step part and the factory all read this list. The order is
// the one help and the schema show.
#include "drivers/faults/fault_kinds.hpp"

#define HARNESS_FAULT_KINDS(X) \
  X(link_cut)                  \
  X(ring_loss)                 \
  X(node_kill)                 \
  X(split_brain)               \
  X(disk_error)                \
  X(pause)                     \
  X(process_kill)              \
  X(node_upgrade)              \
  /* one line per kind, above this one: adding a kind changes no other line */

namespace harness {

#define HARNESS_DECLARE_FAULT_KIND(kind) const FaultKind& kind##_fault_kind();
HARNESS_FAULT_KINDS(HARNESS_DECLARE_FAULT_KIND)
#undef HARNESS_DECLARE_FAULT_KIND

const std::vector<const FaultKind*>& fault_kinds() {
#define HARNESS_FAULT_KIND_ENTRY(kind) &kind##_fault_kind(),
  static const std::vector<const FaultKind*> kinds = {HARNESS_FAULT_KINDS(HARNESS_FAULT_KIND_ENTRY)};
#undef HARNESS_FAULT_KIND_ENTRY
  return kinds;
}

const FaultKinds& fault_step_rules() {
  static const FaultKinds rules = [] {
    FaultKinds r;
    for (const FaultKind* k : fault_kinds()) r.push_back(&k->step);
    return r;
  }();
  return rules;
}

const FaultKind* registered_fault_kind(std::string_view name) {
  for (const FaultKind* k : fault_kinds())
    if (k->step.name == name) return k;
  return nullptr;
}

}  // namespace harness
