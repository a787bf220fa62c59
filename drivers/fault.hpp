#pragma once
// A fault is an inject/heal pair. inject() records an `inject` event stamped with the host time
// just before the action (the fault instant) and returns only when it took effect; heal() undoes
// it and records a `heal` event. The runner keeps every injected fault on its heal stack.
#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "drivers/lab.hpp"
#include "drivers/system_under_test.hpp"
#include "harness/core/history.hpp"
#include "harness/core/deadline.hpp"
#include "harness/scenario/scenario.hpp"

namespace harness {

class Fault {
 public:
  virtual ~Fault() = default;
  virtual std::string describe() const = 0;  // "link_cut n1 san0"
  virtual void inject(History& history, const Deadline& deadline) = 0;
  virtual void heal(History& history, const Deadline& deadline) = 0;

  // Added for the runner: labels it sets and the fault records in its events (EVENTS.md:
  // inject/heal `data.step`, heal `data.reason` = step|duration|unwind). Not part of what a
  // fault does, so they are plain members rather than virtuals.
  void set_step_id(std::string id) { step_id_ = std::move(id); }
  const std::string& step_id() const { return step_id_; }
  void set_heal_reason(std::string reason) { heal_reason_ = std::move(reason); }
  const std::string& heal_reason() const { return heal_reason_; }

 private:
  std::string step_id_;
  std::string heal_reason_ = "unwind";
};

// What a fault acts through.
struct FaultEnv {
  Lab& lab;
  SystemUnderTest& sut;
  Clock& clock;
  std::string run_id;  // names what a fault creates inside a node (ring_loss's nft table)
};

// Builds the fault for `spec` aimed at the resolved node `node`. Throws ScenarioError if the
// lab lacks a capability the fault needs (checked at validation, before anything starts).
using FaultFactory = std::function<std::unique_ptr<Fault>(const FaultSpec& spec,
                                                          const std::string& node, FaultEnv& env)>;

}  // namespace harness
