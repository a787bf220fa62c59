#pragma once
// What every fault shares: stamping and recording its inject and heal events exactly as
// docs/EVENTS.md says, so each concrete fault only says what it does.
//   inject: t_ns just before the action (the fault instant), data.call_end_ns when it returned,
//           data.step, data.target (as written), the fault's options;
//   heal:   t_ns just before the undo, data.call_end_ns, data.step, data.reason.
// A heal is a no-op if no inject was attempted, and happens at most once.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "drivers/fault.hpp"

namespace harness {

class RecordedFault : public Fault {
 public:
  RecordedFault(const FaultSpec& spec, std::string node, Clock& clock)
      : spec_(spec), node_(std::move(node)), clock_(clock) {}

  std::string describe() const override;  // "<kind> <node>[ <detail>]"
  void inject(History& history, const Deadline& deadline) final;
  void heal(History& history, const Deadline& deadline) final;

  const FaultSpec& spec() const { return spec_; }
  const std::string& node() const { return node_; }
  bool injected() const { return inject_attempted_; }
  bool healed() const { return healed_; }

 protected:
  // Return extra data for the event (or an empty object). Throw to report failure.
  virtual nlohmann::json do_inject(const Deadline& deadline) = 0;
  virtual nlohmann::json do_heal(const Deadline& deadline) = 0;
  virtual std::string detail() const { return {}; }  // "san0 san1", "ring1", "corosync"
  // For faults that prepare first (read state, save a table): re-stamps the fault instant, to
  // now or to when the driver says it acted.
  void mark_action() { action_ns_ = clock_.now_ns(); }
  void mark_action(std::int64_t t_ns) { action_ns_ = t_ns; }
  Clock& clock() const { return clock_; }

 private:
  nlohmann::json base_data() const;

  FaultSpec spec_;
  std::string node_;
  Clock& clock_;
  std::int64_t action_ns_ = 0;
  bool inject_attempted_ = false;
  bool healed_ = false;
};

}  // namespace harness
