#pragma once
// A provisioned fake lab on virtual time for the fault tests.
#include <gtest/gtest.h>

#include "drivers/faults/fault_factory.hpp"
#include "fakes/fail_plan.hpp"
#include "fakes/fake_lab.hpp"
#include "fakes/fake_system_under_test.hpp"

namespace harness::testing {

using Argv = std::vector<std::string>;
// What a fault that may outlive a reboot reads first, and compares at heal time.
inline const Argv kBootIdArgv{"cat", "/proc/sys/kernel/random/boot_id"};

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

  static FaultSpec spec(std::string kind, std::string target = "active") {
    FaultSpec f;
    f.kind = std::move(kind);
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

// n1 answers its boot id from `boot` (change it to make the node look rebooted); every call
// takes `latency_ns` of virtual time.
struct NodeWithBootId : ::testing::Test {
  FaultFixture fx;
  FakeRemote& n1 = fx.lab.fake_remote("n1");
  std::string boot = "3f1c9a7e-0000-4000-8000-000000000001\n";
  explicit NodeWithBootId(std::int64_t latency_ns) {
    n1.set_latency_ns(latency_ns);
    n1.respond(kBootIdArgv, [this](const Argv&) { return result(0, boot); });
  }
};

}  // namespace harness::testing
