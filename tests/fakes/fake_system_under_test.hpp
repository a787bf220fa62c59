#pragma once
// The storage system in memory: deploy/settle/roles/verify/collect_logs count themselves in the
// FailPlan and take some virtual time; roles are whatever the test says (or a function of the
// lab state); verify records drbd_verify ok for both target nodes.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "drivers/system_under_test.hpp"
#include "fakes/fail_plan.hpp"

namespace harness {

class FakeSystemUnderTest final : public SystemUnderTest {
 public:
  FakeSystemUnderTest(Clock& clock, FailPlan& plan, Roles roles = {"n1", "n2"})
      : clock_(clock), plan_(plan), roles_(std::move(roles)) {}

  void set_roles(Roles roles) { roles_ = std::move(roles); roles_fn_ = nullptr; }
  // Roles computed at each call (e.g. the survivor becomes active after a node kill).
  void set_roles(std::function<Roles()> fn) { roles_fn_ = std::move(fn); }
  void set_latency_ns(std::int64_t ns) { latency_ns_ = ns; }
  void set_out_of_sync_kib(std::int64_t kib) { out_of_sync_kib_ = kib; }

  int audit_calls = 0;
  int deploy_calls = 0, settle_calls = 0, roles_calls = 0, verify_calls = 0, collect_calls = 0;
  std::vector<std::filesystem::path> collected_dirs;
  std::vector<Tunables> applied_tunables;  // apply_live_tunables, in call order
  std::vector<std::string> maintenance;     // "take_out n2", "bring_back n2", in call order

  void deploy(const Deadline& deadline) override;
  void settle(const Deadline& deadline) override;
  void audit(const Deadline& deadline) override;
  void apply_live_tunables(const Tunables& tunables, const Deadline&) override {
    applied_tunables.push_back(tunables);
  }
  Roles roles(const Deadline& deadline) override;
  void take_out(const std::string& node, const Deadline& deadline) override;
  void bring_back(const std::string& node, const Deadline& deadline) override;
  void verify(History& history, const Deadline& deadline) override;
  void collect_logs(const std::filesystem::path& dir, const Deadline& deadline) override;

 private:
  void take();

  Clock& clock_;
  FailPlan& plan_;
  Roles roles_;
  std::function<Roles()> roles_fn_;
  std::int64_t latency_ns_ = 100 * kNsPerMs;
  std::int64_t out_of_sync_kib_ = 0;
};

}  // namespace harness
