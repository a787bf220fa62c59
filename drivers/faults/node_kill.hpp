#pragma once
// Pulls the node's plug (Lab::power_off: virsh destroy, no shutdown). Heal powers it back on
// and waits until it answers (Lab::wait_ready); rejoining the cluster is the system under
// test's business, checked by settle-like waits in verify.
// If power_off failed half-way the node's state is unknown, so the heal still powers it on:
// Lab::power_on must accept a node that is already running.
#include "drivers/faults/recorded_fault.hpp"

namespace harness {

class NodeKill final : public RecordedFault {
 public:
  NodeKill(const FaultSpec& spec, std::string node, Lab& lab, Clock& clock)
      : RecordedFault(spec, std::move(node), clock), lab_(lab) {}

 protected:
  nlohmann::json do_inject(const Deadline& deadline) override {
    lab_.power_off(node(), deadline);
    return nlohmann::json::object();
  }
  nlohmann::json do_heal(const Deadline& deadline) override {
    lab_.power_on(node(), deadline);
    lab_.wait_ready(node(), deadline);
    return nlohmann::json::object();
  }

 private:
  Lab& lab_;
};

}  // namespace harness
