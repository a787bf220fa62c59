#pragma once
// The system under test as the reference setup has it: two target nodes (Corosync on two rings,
// Pacemaker with STONITH, DRBD 8.4 dual-primary, an ALUA target) and a multipath initiator.
// Deploys the rendered plans (docs/DEPLOY.md) over the lab's Remotes in the documented order,
// waits for health, re-deploys a node that was fenced (failback order), and proves integrity
// after the heal with DRBD's online verify.
#include <functional>
#include <memory>
#include <string>

#include "drivers/deploy_plan.hpp"
#include "drivers/lab.hpp"
#include "drivers/drbd/drbd_state.hpp"
#include "drivers/system_under_test.hpp"
#include "drivers/target_driver.hpp"
#include "harness/scenario/scenario.hpp"

namespace harness {

struct AluaClusterOptions {
  DeployTopology topo;
  Tunables tunables;
  TargetOptions target;                               // which TargetDriver (lab.target_driver)
  std::function<void(const std::string&)> progress;   // one line per step
  // The online verify after the heal compares [0, verify_bytes) of the DRBD device (0: all of
  // it). The workload writes only its region; the rest is the zeroes both fresh disks started
  // with. Under TCG verify runs at ~3 MB/s, so 1 GiB costs 6 minutes, 256 MiB 1.5.
  std::uint64_t verify_bytes = 0;
};

// DRBD refused its peer after the heal (StandAlone that lasts: a split brain with both sides
// written). Not a LabError, so no wait takes it for a passing answer: verify() records it as the
// integrity finding it is.
class DrbdSplitBrain : public Error {
 public:
  using Error::Error;
};

class AluaCluster final : public SystemUnderTest {
 public:
  // ScenarioError if the tunables cannot be rendered (checked here, before anything runs).
  AluaCluster(Lab& lab, AluaClusterOptions opts);
  // The same check without a lab (renders onto a sample topology): `harness validate` and
  // `harness run` call it before the lab exists, so a bad tunable or target driver is exit 2
  // before any VM starts.
  static void check_tunables(const Tunables& tunables, const TargetOptions& target = {});

  void deploy(const Deadline& deadline) override;
  void settle(const Deadline& deadline) override;
  void audit(const Deadline& deadline) override;
  void apply_live_tunables(const Tunables& tunables, const Deadline& deadline) override;
  Roles roles(const Deadline& deadline) override;
  void verify(History& history, const Deadline& deadline) override;
  void collect_logs(const std::filesystem::path& dir, const Deadline& deadline) override;
  // maintenance.cpp (docs/UPGRADE.md): bans move the ALUA role and then DRBD off the node, the
  // target is torn down in between (it holds DRBD open), the cluster stops, the bans are lifted.
  void take_out(const std::string& node, const Deadline& deadline) override;
  void bring_back(const std::string& node, const Deadline& deadline) override { rejoin(node, deadline); }

  // A target node that lost its state (fenced, powered off, rebooted) comes back: power on if
  // needed, DRBD attached, connected and resynced from the peer, Primary, then LIO, then the
  // cluster; its paths return active/non-optimized (no automatic failback).
  void rejoin(const std::string& node, const Deadline& deadline);
  // Registers a key through every initiator path and removes it again; LabError naming the path
  // and sg_persist's answer when the target refuses.
  void check_reservations(const Deadline& deadline);
  // Every target node not in the cluster (powered off by fencing, killed, daemons dead) is
  // powered on and rejoined, then the whole system is settled. verify() starts with it.
  // True if it brought any node back.
  bool recover(const Deadline& deadline);
  // "" when healthy, else what is missing (one line per problem).
  std::string unhealthy(const Deadline& deadline);

  const DeployTopology& topology() const { return opts_.topo; }

 private:
  // Under TCG a status command takes 0.3–1 s; polling faster only loads the guests.
  static constexpr double kPollS = 1.0;
  void say(const std::string& line) const;
  // "<prefix>: <what> (<seconds since start> s)": where a long step spends its time.
  std::function<void(const std::string&)> stepper(std::string prefix, const Clock& clock) const;
  std::vector<std::string> target_names() const;
  // What target node `node` needs on disk: the cluster's files and the target driver's.
  std::vector<GuestFile> target_node_files(const std::string& node) const;
  void wait_cluster_online(const std::vector<std::string>& nodes, const Deadline& deadline);
  void deploy_initiator(const Deadline& deadline);
  std::string drbd_state(const std::string& node, const Deadline& deadline);

  Lab& lab_;
  AluaClusterOptions opts_;
  std::unique_ptr<TargetDriver> target_;
  ClusterAgent agent_;
};

}  // namespace harness
