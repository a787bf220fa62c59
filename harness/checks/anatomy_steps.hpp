#pragma once
// The steps of a failover's critical path, in the order they can happen, and the layer signals
// that end each one (docs/ANATOMY.md). A step ends at the first of its signals after the step
// before it ended; a step none of whose signals came is absent.
#include <optional>
#include <span>
#include <string_view>

#include "harness/core/layer_event.hpp"

namespace harness::checks {

enum class Step {
  fault_removed,     // the fault ended (pause resumed, link restored) before I/O came back
  detection,         // a surviving layer saw the loss: a link down, a peer lost, a path failed
  membership,        // the cluster declared the node lost
  decision,          // the cluster decided: a fencing requested, or a promotion begun
  fencing,           // the fencing completed
  data_release,      // DRBD let I/O through again on a node that serves it
  target_switch,     // a surviving port group became active/optimized
  initiator_switch,  // the initiator moved I/O: a path group switched, paths reinstated, a
                     // session failed its queued I/O back to multipath
  first_io,          // the first I/O completed after the stall
};

std::string_view to_string(Step s);

// The signals that end `s` (empty for first_io, which ends at an I/O completion).
std::span<const Signal> ending_signals(Step s);

// The failover steps between the fault and the initiator's switch, in order.
std::span<const Step> failover_steps();
// What can still hold I/O once the fault was removed, in order.
std::span<const Step> after_removal_steps();

}  // namespace harness::checks
