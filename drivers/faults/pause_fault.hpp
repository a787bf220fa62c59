#pragma once
// Freezes the node (Pausable::suspend: the VM stops executing, its clock and connections
// stall, nothing is lost) and thaws it on heal — a GC pause or a hung hypervisor, the case
// where a node comes back believing it is still in charge. Needs a Pausable lab: checked at
// construction (and earlier, by validate_against_lab).
#include "drivers/faults/recorded_fault.hpp"
#include "harness/core/errors.hpp"
#include "harness/core/clock.hpp"

namespace harness {

class PauseFault final : public RecordedFault {
 public:
  PauseFault(const FaultSpec& spec, std::string node, Lab& lab, Clock& clock)
      : RecordedFault(spec, std::move(node), clock), pausable_(dynamic_cast<Pausable*>(&lab)) {
    if (!pausable_)
      throw ScenarioError("pause: the lab (" + lab.describe() + ") cannot suspend a node");
  }

 protected:
  // The inject and the heal are stamped when the hypervisor was asked, not when the step began
  // (finding the VM is an RPC to libvirtd, 100 ms on a busy host), and a heal by the step's
  // duration asks to resume exactly duration_s after the suspend was asked: the pause is held
  // for its duration whatever the steps' own delays.
  nlohmann::json do_inject(const Deadline& deadline) override {
    suspended_at_ = pausable_->suspend(node(), deadline);
    mark_action(suspended_at_);
    return nlohmann::json::object();
  }
  nlohmann::json do_heal(const Deadline& deadline) override {
    std::int64_t not_before = 0;
    if (heal_reason() == "duration" && spec().duration_s && suspended_at_)
      not_before = suspended_at_ + seconds_to_ns(*spec().duration_s);
    mark_action(pausable_->resume(node(), not_before, deadline));
    return nlohmann::json::object();
  }

 private:
  Pausable* pausable_;
  std::int64_t suspended_at_ = 0;
};

}  // namespace harness
