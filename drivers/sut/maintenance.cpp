// Taking one target node out of service cleanly, the first half of a rolling upgrade
// (docs/UPGRADE.md). The order is forced by what holds what: the ALUA group must stop serving
// before the target goes, and the target must release /dev/drbd0 before DRBD can be demoted.
#include <fmt/format.h>

#include "drivers/drbd/drbd_state.hpp"
#include "drivers/drbd/drbd_steps.hpp"
#include "drivers/node_exec.hpp"
#include "drivers/pacemaker/cib_xml.hpp"
#include "drivers/pacemaker/cluster_commands.hpp"
#include "drivers/pacemaker/pacemaker_steps.hpp"
#include "drivers/sut/alua_cluster.hpp"
#include "drivers/sut/health_probe.hpp"
#include "harness/core/errors.hpp"

namespace harness {

void AluaCluster::take_out(const std::string& node, const Deadline& deadline) {
  const TargetNode& peer = opts_.topo.peer_of(node);
  Remote& me = lab_.remote(node);
  Remote& other = lab_.remote(peer.name);
  auto step = stepper("take out " + node, deadline.clock());

  // 1. The ALUA role: Pacemaker stops this node's group (the agent's stopped state: unavailable
  //    with LIO, offline with SCST) and promotes the peer's.
  //    Issued on the peer, which stays in the cluster: the ban outlives this node's membership.
  other.check(ban_argv(kAluaCloneId, node), deadline.capped(60));
  const int stopped = static_cast<int>(target_->stopped_state());  // what the agent's stop leaves
  wait_for(deadline, kPollS, fmt::format("take out {}: ALUA role on {}", node, peer.name), [&] {
    const int mine = alua_state_of(lab_, *target_, opts_.topo, node, deadline);
    const int theirs = alua_state_of(lab_, *target_, opts_.topo, peer.name, deadline);
    if (mine != stopped) return fmt::format("{}'s group at state {}", node, mine);
    if (theirs != 0) return fmt::format("{}'s group at state {}", peer.name, theirs);
    return std::string();
  });
  step(fmt::format("ALUA group {} here, active/optimized on {}",
                   to_string(target_->stopped_state()), peer.name));

  // 2. The target: nothing serves through it any more, and it holds DRBD's device open. Each
  //    command must succeed here (the teardown plan tolerates a half-set-up target): a target
  //    left holding the device would fail DRBD's demote, and a failed stop is fenced.
  auto teardown = target_->teardown_commands(opts_.topo, node);
  for (auto& c : teardown) c.may_fail = false;
  run_plan(me, teardown, deadline);
  step(target_->name() + " target removed");

  // 3. DRBD: Pacemaker demotes and stops it here. A clean disconnect outdates this side; the
  //    peer neither calls its fence-peer handler nor freezes I/O.
  other.check(ban_argv(kDrbdCloneId, node), deadline.capped(60));
  wait_for(deadline, kPollS, fmt::format("take out {}: DRBD down", node), [&] {
    const auto st = drbd_status(me, deadline);
    return st.minor(opts_.topo.drbd_minor)
               ? "at \"" + drbd_state_summary(st, opts_.topo.drbd_minor) + "\""
               : std::string();
  });
  step("DRBD stopped by the cluster");

  // 4. The membership: nothing runs here, so leaving fences no one.
  run_plan(me, cluster_stop_commands(), deadline);
  wait_for(deadline, kPollS, fmt::format("take out {}: cluster stopped", node), [&] {
    return cluster_running(me, deadline) ? std::string("corosync or pacemaker still active")
                                         : std::string();
  });
  // The bans are lifted at once: they would keep the node's resources off it when it returns.
  for (const char* resource : {kAluaCloneId, kDrbdCloneId})
    other.check(clear_ban_argv(resource, node), deadline.capped(60));
  step("left the cluster; bans lifted");
}

}  // namespace harness
