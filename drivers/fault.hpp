#pragma once
// A fault is an inject/heal pair. inject() records an `inject` event stamped with the host time
// just before the action (the fault instant) and returns only when it took effect; heal() undoes
// it and records a `heal` event. The runner keeps every injected fault on its heal stack.
#include <functional>
#include <memory>
#include <string>

#include "drivers/lab.hpp"
#include "drivers/system_under_test.hpp"
#include "harness/history/history.hpp"
#include "harness/runner/deadline.hpp"
#include "harness/scenario/scenario.hpp"

namespace harness {

class Fault {
 public:
  virtual ~Fault() = default;
  virtual std::string describe() const = 0;  // "link_cut n1 san0"
  virtual void inject(History& history, const Deadline& deadline) = 0;
  virtual void heal(History& history, const Deadline& deadline) = 0;
};

// What a fault acts through.
struct FaultEnv {
  Lab& lab;
  SystemUnderTest& sut;
  Clock& clock;
};

// Builds the fault for `spec` aimed at the resolved node `node`. Throws ScenarioError if the
// lab lacks a capability the fault needs (checked at validation, before anything starts).
using FaultFactory = std::function<std::unique_ptr<Fault>(const FaultSpec& spec,
                                                          const std::string& node, FaultEnv& env)>;

}  // namespace harness
