#pragma once
// Freezes the node (Pausable::suspend: the VM stops executing, its clock and connections
// stall, nothing is lost) and thaws it on heal — a GC pause or a hung hypervisor, the case
// where a node comes back believing it is still in charge. Needs a Pausable lab: checked at
// construction (and earlier, by validate_against_lab).
#include "drivers/faults/recorded_fault.hpp"
#include "harness/errors.hpp"

namespace harness {

class PauseFault final : public RecordedFault {
 public:
  PauseFault(const FaultSpec& spec, std::string node, Lab& lab, Clock& clock)
      : RecordedFault(spec, std::move(node), clock), pausable_(dynamic_cast<Pausable*>(&lab)) {
    if (!pausable_)
      throw ScenarioError("pause: the lab (" + lab.describe() + ") cannot suspend a node");
  }

 protected:
  nlohmann::json do_inject(const Deadline& deadline) override {
    pausable_->suspend(node(), deadline);
    return nlohmann::json::object();
  }
  nlohmann::json do_heal(const Deadline& deadline) override {
    pausable_->resume(node(), deadline);
    return nlohmann::json::object();
  }

 private:
  Pausable* pausable_;
};

}  // namespace harness
