#pragma once
// A Runner wired to fakes on virtual time, and the scenarios the runner tests share.
#include <filesystem>
#include <memory>
#include <optional>
#include <sstream>

#include "drivers/faults/fault_factory.hpp"
#include "fakes/fail_plan.hpp"
#include "fakes/fake_lab.hpp"
#include "fakes/fake_observer.hpp"
#include "fakes/fake_system_under_test.hpp"
#include "fakes/fake_workload.hpp"
#include "harness/checks/checker.hpp"
#include "harness/runner/runner.hpp"

namespace harness::testing {

inline Step fault_step(std::size_t index, std::string id, double at_s, std::string kind,
                       std::string target) {
  Step s;
  s.index = index;
  s.id = std::move(id);
  s.at_s = at_s;
  FaultSpec f;
  f.kind = std::move(kind);
  f.target = std::move(target);
  s.fault = f;
  return s;
}

inline Step heal_step(std::size_t index, std::string id, double at_s, std::string heals) {
  Step s;
  s.index = index;
  s.id = std::move(id);
  s.at_s = at_s;
  s.heals = std::move(heals);
  return s;
}

// Node kill of the ALUA-active node at 10 s, explicit heal at 40 s, 60 s of load.
inline Scenario node_kill_scenario() {
  Scenario s;
  s.file = "node-kill-active.json";
  s.name = "node-kill-active";
  s.description = "kill the active target under load";
  s.workload.runtime_s = 60;
  s.steps = {fault_step(0, "kill", 10, "node_kill", "active"),
             heal_step(1, "revive", 40, "kill")};
  s.expect.path_switch_max_s = 30;
  s.expect.fenced = {"active"};
  s.expect.survivors = {"standby"};
  return s;
}

class RunnerHarness {
 public:
  explicit RunnerHarness(Scenario scenario, FakeWorkloadOptions wopt = {}, bool pausable = true)
      : scenario_(std::move(scenario)) {
    wopt.runtime_s = scenario_.workload.runtime_s;
    lab_owned_ = std::make_unique<FakeLab>(clock, plan);
    lab = lab_owned_.get();
    auto sut_ptr = std::make_unique<FakeSystemUnderTest>(clock, plan);
    sut = sut_ptr.get();
    // The survivor becomes active when the active node is gone, as the cluster would make it.
    sut->set_roles([this] {
      bool n1_up = lab->state("n1").powered;
      return n1_up ? Roles{"n1", "n2"} : Roles{"n2", "n1"};
    });
    auto wl = std::make_unique<FakeWorkload>(clock, plan, wopt);
    workload = wl.get();
    auto obs = std::make_unique<FakeObserver>("cluster", clock, plan);
    observer = obs.get();
    drivers.lab = pausable ? std::unique_ptr<Lab>(std::move(lab_owned_))
                           : std::unique_ptr<Lab>(std::make_unique<NonPausableLab>(*lab));
    drivers.sut = std::move(sut_ptr);
    drivers.workload = std::move(wl);
    drivers.observers.push_back(std::move(obs));
    drivers.faults = make_fault_factory();
    options.run_id = "test-run";
    options.seed = 1234;
    options.run_dir = std::filesystem::temp_directory_path() / "harness-runner-test";
    options.quiet = true;
    options.checks = [this](const History& h) { return run_checks(scenario_.expect, h); };
  }

  const Scenario& scenario() const { return scenario_; }

  RunReport run() {
    runner_ = std::make_unique<Runner>(scenario_, std::move(drivers), clock, stop, options);
    return runner_->run(history);
  }

  std::vector<Event> events(EventKind kind, const std::string& what = "") const {
    std::vector<Event> out;
    for (auto& e : history.events())
      if (e.kind == kind && (what.empty() || e.what == what)) out.push_back(e);
    return out;
  }

  VirtualClock clock;
  FailPlan plan;
  StopControl stop{nullptr};
  History history;
  Drivers drivers;
  RunOptions options;
  FakeLab* lab = nullptr;
  FakeSystemUnderTest* sut = nullptr;
  FakeWorkload* workload = nullptr;
  FakeObserver* observer = nullptr;

 private:
  Scenario scenario_;
  std::unique_ptr<FakeLab> lab_owned_;  // kept here when the runner gets a NonPausableLab
  std::unique_ptr<Runner> runner_;
};

}  // namespace harness::testing
