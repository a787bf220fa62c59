#pragma once
// An Observer that counts arm/snapshot/disarm in the FailPlan and can record whatever the test
// wants at each snapshot (e.g. the fencing history a cluster observer would read).
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "drivers/observer.hpp"
#include "fakes/fail_plan.hpp"

namespace harness {

class FakeObserver final : public Observer {
 public:
  using OnSnapshot = std::function<void(History&, Clock&)>;
  FakeObserver(std::string name, Clock& clock, FailPlan& plan) : name_(std::move(name)), clock_(clock), plan_(plan) {}

  void on_snapshot(OnSnapshot fn) { on_snapshot_ = std::move(fn); }
  bool armed() const { return armed_; }
  int arm_calls = 0, snapshot_calls = 0, ease_calls = 0, disarm_calls = 0;
  std::vector<std::int64_t> snapshot_times;
  std::int64_t eased_at_ns = 0;

  std::string name() const override { return name_; }
  void arm(History& history, const Deadline& deadline) override;
  void snapshot(History& history, const Deadline& deadline) override;
  void ease_off() override;
  void disarm(const Deadline& deadline) override;

 private:
  std::string name_;
  Clock& clock_;
  FailPlan& plan_;
  OnSnapshot on_snapshot_;
  bool armed_ = false;
};

}  // namespace harness
