// The parsers on output recorded in the middle of a real failover (tests/data/tools/README.md,
// failover/): n1 killed under fio, fenced "off" by n2, n2 promoted, the initiator on n2's paths.
#include <gtest/gtest.h>

#include "drivers/observers/sample_to_events.hpp"
#include "drivers/pacemaker/crm_mon.hpp"
#include "drivers/drbd/drbd_state.hpp"
#include "drivers/multipath/multipath_paths.hpp"
#include "drivers/multipath/rtpg.hpp"
#include "tests/unit/recording.hpp"

namespace harness {
namespace {

using test::recording;

TEST(FailoverRecordings, CrmMonHasOneOffOfN1ByN2AndN1Offline) {
  CrmStatus st = parse_crm_mon(recording("failover/crm_mon.n2.xml"));
  ASSERT_TRUE(st.connected);
  ASSERT_EQ(st.fence_history.size(), 1u);
  const FenceEvent& f = st.fence_history[0];
  EXPECT_EQ(f.action, "off");  // stonith-action=off: the fenced node stays off
  EXPECT_EQ(f.target, "n1");
  EXPECT_EQ(f.executioner, "n2");
  EXPECT_EQ(f.origin, "n2");
  EXPECT_EQ(f.status, "success");
  EXPECT_EQ(f.completed, "2026-11-29 11:08:04Z");
  // Pacemaker 2.1.5 gives whole seconds: the fence time in the History is that precise.
  auto t = parse_crm_time(f.completed);
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(*t % 1'000'000'000, 0);
  bool n1_online = true;
  for (const auto& n : st.nodes)
    if (n.name == "n1") n1_online = n.online;
  EXPECT_FALSE(n1_online);
}

TEST(FailoverRecordings, DrbdOnTheSurvivorWaitsForItsPeerWithBlocksOutOfSync) {
  auto st = parse_proc_drbd(recording("failover/proc_drbd.n2.txt"));
  const auto* m = st.minor(0);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->cstate, "WFConnection");
  EXPECT_EQ(m->role, "Primary");
  EXPECT_EQ(m->peer_role, "Unknown");
  EXPECT_EQ(m->disk, "UpToDate");
  EXPECT_EQ(m->peer_disk, "Outdated");  // crm-fence-peer outdated it
  EXPECT_FALSE(m->io_suspended);        // thawed once the peer was fenced
  EXPECT_EQ(m->oos_kib, 31548);
  EXPECT_FALSE(m->healthy_dual_primary());
}

TEST(FailoverRecordings, MultipathHasTheDeadNodesPathsFailedWithoutAnAddress) {
  auto paths = parse_multipathd_paths(recording("failover/multipathd_paths.initiator.txt"));
  ASSERT_EQ(paths.size(), 4u);
  for (const auto& p : paths) {
    const bool dead = p.target_name.find(":n1") != std::string::npos;
    EXPECT_EQ(p.dm_state, dead ? "failed" : "active") << p.dev;
    EXPECT_EQ(p.checker_state, dead ? "faulty" : "ready") << p.dev;
  }
}

TEST(FailoverRecordings, SurvivorsGroupWasMadeOptimizedImplicitlyByTheCluster) {
  auto groups = parse_rtpg(recording("failover/sg_rtpg.sdc.initiator.txt"));
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].id, 2);
  EXPECT_EQ(groups[0].state, AluaState::active_optimized);
  EXPECT_EQ(groups[0].status_code, 2) << "implicit (the agent), not an initiator STPG";
  EXPECT_EQ(groups[0].relative_port_ids, std::vector<int>{2});
}

}  // namespace
}  // namespace harness
