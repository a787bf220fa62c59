#pragma once
// A provisioned fake lab on virtual time for the fault tests.
#include "drivers/faults/fault_factory.hpp"
#include "fakes/fail_plan.hpp"
#include "fakes/fake_lab.hpp"
#include "fakes/fake_system_under_test.hpp"

namespace harness::testing {

struct FaultFixture {
  VirtualClock clock;
  FailPlan plan;
  FakeLab lab{clock, plan};
  FakeSystemUnderTest sut{clock, plan};
  FaultEnv env{lab, sut, clock, "ring-test-20261205-0001"};
  History history;
  FaultFactory factory = make_fault_factory();

  FaultFixture() { lab.provision(deadline()); }
  Deadline deadline() { return Deadline::after(clock, 600); }

  static FaultSpec spec(FaultType type, std::string target = "active") {
    FaultSpec f;
    f.type = type;
    f.target = std::move(target);
    return f;
  }
  std::unique_ptr<Fault> make(const FaultSpec& f, const std::string& node, const std::string& step = "s1") {
    auto fault = factory(f, node, env);
    fault->set_step_id(step);
    return fault;
  }
  std::vector<Event> events(EventKind kind) const {
    std::vector<Event> out;
    for (auto& e : history.events())
      if (e.kind == kind) out.push_back(e);
    return out;
  }
};

inline CommandResult result(int status, std::string out = "", std::string err = "") {
  CommandResult r;
  r.exit_status = status;
  r.out = std::move(out);
  r.err = std::move(err);
  return r;
}

}  // namespace harness::testing
