// The components' layer-event vocabularies (drivers/<component>/events.hpp) on journal lines
// recorded from the lab's tools: every line below is copied from tests/data/histories/
// (pause_active_3s.jsonl, link_cut_san1.jsonl, node_kill_fence_log.jsonl) or from the runs they
// were trimmed from; the multipathd path-group line is multipath-tools 0.9.4's format string.
#include <gtest/gtest.h>

#include "drivers/corosync/events.hpp"
#include "drivers/drbd/events.hpp"
#include "drivers/iscsi/events.hpp"
#include "drivers/libvirt/events.hpp"
#include "drivers/lio/events.hpp"
#include "drivers/multipath/events.hpp"
#include "drivers/pacemaker/events.hpp"

namespace harness {
namespace {

using nlohmann::json;
using W = std::vector<SignalWord>;

TEST(LayerVocabulary, CorosyncLinksTokenAndMembership) {
  EXPECT_EQ(corosync_log_signals("corosync", "  [KNET  ] link: host: 1 link: 0 is down"),
            (W{{Signal::link_down, "host 1 link 0"}}));
  EXPECT_EQ(corosync_log_signals("corosync", "  [KNET  ] host: host: 1 has no active links"),
            (W{{Signal::link_down, "host 1"}}));
  EXPECT_EQ(corosync_log_signals("corosync", "  [KNET  ] rx: host: 1 link: 1 is up"),
            (W{{Signal::link_up, "host 1 link 1"}}));
  EXPECT_EQ(corosync_log_signals("corosync", "  [TOTEM ] Token has not been received in 2251 ms"),
            (W{{Signal::token_lost, ""}}));
  EXPECT_EQ(corosync_log_signals("corosync",
                                 "  [TOTEM ] A processor failed, forming new configuration: token "
                                 "timed out (3000ms), waiting 3600ms for consensus."),
            (W{{Signal::token_lost, ""}}));
  EXPECT_EQ(corosync_log_signals("corosync", "  [TOTEM ] A new membership (1.d) was formed. Members"),
            (W{{Signal::membership_formed, ""}}));
  // Chatter that is no state change.
  for (const char* m : {"  [KNET  ] host: host: 1 (passive) best link: 0 (pri: 1)",
                        "  [KNET  ] pmtud: Global data MTU changed to: 1446",
                        "  [QUORUM] Sync members[2]: 1 2",
                        "  [MAIN  ] Completed service synchronization, ready to provide service."})
    EXPECT_TRUE(corosync_log_signals("corosync", m).empty()) << m;
  EXPECT_TRUE(corosync_log_signals("kernel", "  [KNET  ] link: host: 1 link: 0 is down").empty());
}

TEST(LayerVocabulary, CorosyncSampleChanges) {
  json before = {{"links", {{"0", {{"1", "connected"}, {"2", "localhost"}}}}}};
  json after = {{"links", {{"0", {{"1", "disconnected"}, {"2", "localhost"}}}}}};
  EXPECT_EQ(corosync_observation_signals(before, after), (W{{Signal::link_down, "host 1 link 0"}}));
  EXPECT_EQ(corosync_observation_signals(after, before), (W{{Signal::link_up, "host 1 link 0"}}));
  EXPECT_TRUE(corosync_observation_signals(before, before).empty());
}

TEST(LayerVocabulary, PacemakerFencingAndPromotion) {
  EXPECT_EQ(pacemaker_log_signals("pacemaker-controld", " notice: Node n1 state is now lost"),
            (W{{Signal::node_lost, "n1"}}));
  EXPECT_EQ(pacemaker_log_signals("pacemaker-controld", " notice: Requesting fencing (off) of node n1"),
            (W{{Signal::fence_requested, "n1"}}));
  // The fencer's echo of the request is not a second decision.
  EXPECT_TRUE(pacemaker_log_signals("pacemaker-fenced",
                                    " notice: Client pacemaker-controld.390 wants to fence (off) n1 using any device")
                  .empty());
  EXPECT_EQ(pacemaker_log_signals("pacemaker-fenced",
                                  " notice: Delaying 'off' action targeting n1 using fence-n1 for 5s"),
            (W{{Signal::fence_delayed, "n1"}}));
  EXPECT_EQ(pacemaker_log_signals("pacemaker-fenced",
                                  " notice: Operation 'off' targeting n1 by n2 for pacemaker-controld.390@n2: OK (complete)"),
            (W{{Signal::fence_done, "n1"}}));
  EXPECT_EQ(pacemaker_log_signals("pacemaker-controld",
                                  " notice: Initiating promote operation alua_promote_0 locally on n2"),
            (W{{Signal::promote_started, "alua@n2"}}));
  EXPECT_EQ(pacemaker_log_signals("pacemaker-controld",
                                  " notice: Result of promote operation for alua on n2: ok"),
            (W{{Signal::promote_done, "alua@n2"}}));
  for (const char* m : {" notice: Result of notify operation for alua on n2: ok",
                        " notice: Initiating notify operation alua_pre_notify_promote_0 locally on n2",
                        " notice: High CPU load detected: 1.620000",
                        " notice: State transition S_IDLE -> S_POLICY_ENGINE"})
    EXPECT_TRUE(pacemaker_log_signals("pacemaker-controld", m).empty()) << m;
}

TEST(LayerVocabulary, CrmSampleChangesAndFenceRecords) {
  json before = {{"online", {"n1", "n2"}}, {"resources", {{"alua@n1", "Promoted"}, {"alua@n2", "Unpromoted"}}}};
  json after = {{"online", {"n2"}}, {"resources", {{"alua@n2", "Promoted"}}}};
  EXPECT_EQ(crm_observation_signals(before, after),
            (W{{Signal::node_lost, "n1"}, {Signal::promote_done, "alua@n2"}}));
  Event fence{0, EventKind::fence, "n1", "off", {{"status", "success"}}};
  EXPECT_EQ(fence_record_signal(fence), (SignalWord{Signal::fence_done, "n1"}));
  fence.data["status"] = "failed";
  EXPECT_EQ(fence_record_signal(fence), (SignalWord{Signal::fence_failed, "n1"}));
  fence.what = "on";
  EXPECT_FALSE(fence_record_signal(fence));
}

TEST(LayerVocabulary, DrbdStateLinesAndFencePeerHandler) {
  EXPECT_EQ(drbd_log_signals("kernel", "drbd r0: peer( Primary -> Unknown ) conn( Connected -> NetworkFailure ) pdsk( UpToDate -> DUnknown ) susp( 0 -> 1 ) "),
            (W{{Signal::peer_lost, "r0"}, {Signal::io_suspended, "r0"}}));
  EXPECT_EQ(drbd_log_signals("kernel", "drbd r0: susp( 1 -> 0 ) "), (W{{Signal::io_resumed, "r0"}}));
  EXPECT_EQ(drbd_log_signals("kernel", "block drbd0: peer( Unknown -> Primary ) conn( WFReportParams -> Connected ) pdsk( DUnknown -> UpToDate ) "),
            (W{{Signal::peer_connected, "drbd0"}}));
  EXPECT_EQ(drbd_log_signals("kernel", "drbd r0: helper command: /sbin/drbdadm fence-peer r0"),
            (W{{Signal::fence_peer_started, "r0"}}));
  EXPECT_EQ(drbd_log_signals("kernel", "drbd r0: helper command: /sbin/drbdadm fence-peer r0 exit code 1 (0x100)"),
            (W{{Signal::fence_peer_done, "r0"}}));
  EXPECT_EQ(drbd_log_signals("kernel", "drbd r0: fence-peer helper broken, returned 1"),
            (W{{Signal::fence_peer_done, "r0"}}));
  // Chatter, and a verify leaving Connected: no peer was lost.
  for (const char* m : {"drbd r0: PingAck did not arrive in time.", "drbd r0: conn( Unconnected -> WFConnection ) ",
                        "block drbd0: conn( Connected -> VerifyS ) ", "block drbd0: conn( VerifyS -> Connected ) ",
                        "block drbd0: uuid_compare()=0 by rule 40"})
    EXPECT_TRUE(drbd_log_signals("kernel", m).empty()) << m;
  json before = {{"cstate", "Connected"}, {"role", "Primary"}, {"suspended", false}};
  json after = {{"cstate", "WFConnection"}, {"role", "Primary"}, {"suspended", true}};
  EXPECT_EQ(drbd_observation_signals(before, after),
            (W{{Signal::peer_lost, ""}, {Signal::io_suspended, ""}}));
  EXPECT_EQ(drbd_observation_signals(after, before),
            (W{{Signal::peer_connected, ""}, {Signal::io_resumed, ""}}));
}

TEST(LayerVocabulary, InitiatorIscsiAndMultipathLines) {
  EXPECT_EQ(iscsi_log_signals("kernel", " connection2:0: detected conn error (1022)"),
            (W{{Signal::connection_error, "connection2:0"}}));
  EXPECT_EQ(iscsi_log_signals("iscsid", "Kernel reported iSCSI connection 2:0 error (1022 - ISCSI_ERR_NOP_TIMEDOUT: A NOP has timed out) state (3)"),
            (W{{Signal::connection_error, "connection2:0"}}));
  EXPECT_EQ(iscsi_log_signals("kernel", "sd 3:0:0:0: rejecting I/O to offline device"),
            (W{{Signal::session_failed, "sd 3:0:0:0"}}));
  EXPECT_EQ(iscsi_log_signals("iscsid", "connection2:0 is operational after recovery (3 attempts)"),
            (W{{Signal::session_restored, "connection2:0"}}));
  EXPECT_TRUE(iscsi_log_signals("kernel", " connection2:0: ping timeout of 2 secs expired, recv timeout 2, last rx 4294938066, last ping 4294938568, now 4294939072").empty());
  EXPECT_EQ(multipath_log_signals("kernel", "device-mapper: multipath: 253:0: Failing path 8:0."),
            (W{{Signal::path_failed, "8:0"}}));
  EXPECT_EQ(multipath_log_signals("kernel", "device-mapper: multipath: 253:0: Reinstating path 8:0."),
            (W{{Signal::path_reinstated, "8:0"}}));
  EXPECT_EQ(multipath_log_signals("multipathd", "8:0: reinstated"), (W{{Signal::path_reinstated, "8:0"}}));
  EXPECT_EQ(multipath_log_signals("multipathd", "checker failed path 8:0 in map 36001405ad9dbdeb5386df4ddc3477d49"),
            (W{{Signal::path_failed, "8:0"}}));
  EXPECT_EQ(multipath_log_signals("multipathd", "36001405ad9dbdeb5386df4ddc3477d49: switch to path group #2"),
            (W{{Signal::path_group_switched, "#2"}}));
  for (const char* m : {"36001405ad9dbdeb5386df4ddc3477d49: remaining active paths: 3",
                        "path checkers took longer than 8 seconds, consider increasing max_polling_interval",
                        "sda: couldn't get asymmetric access state"})
    EXPECT_TRUE(multipath_log_signals("multipathd", m).empty()) << m;
}

TEST(LayerVocabulary, SampleChangesOfPathsAndAlua) {
  auto paths = [](const char* n1_state, int n1_prio) {
    return json{{"paths", {{{"dev", "sda"}, {"group", "n1"}, {"state", n1_state}, {"prio", n1_prio}},
                           {{"dev", "sdc"}, {"group", "n2"}, {"state", "active"}, {"prio", 10}}}}};
  };
  EXPECT_EQ(multipath_observation_signals(paths("active", 50), paths("failed", 50)),
            (W{{Signal::path_failed, "sda"}, {Signal::path_group_switched, "n2"}}));
  EXPECT_EQ(multipath_observation_signals(paths("failed", 50), paths("active", 50)),
            (W{{Signal::path_reinstated, "sda"}, {Signal::path_group_switched, "n1"}}));
  json before = {{"groups", {{"n1", "active/optimized"}, {"n2", "active/non-optimized"}}}};
  json after = {{"groups", {{"n2", "active/optimized"}}}};
  EXPECT_EQ(alua_observation_signals(before, after), (W{{Signal::alua_optimized, "n2"}}));
  EXPECT_TRUE(alua_observation_signals(before, before).empty());
}

std::vector<SignalWord> any_vocabulary(const char* unit, const char* message) {
  W out;
  for (auto* read : {&corosync_log_signals, &pacemaker_log_signals, &drbd_log_signals,
                     &multipath_log_signals, &iscsi_log_signals}) {
    auto w = read(unit, message);
    out.insert(out.end(), w.begin(), w.end());
  }
  return out;
}

// Lines that only report on the guest (recorded under TCG, where both were once named as what
// released a stall): no vocabulary reads them, so they can never release one.
TEST(LayerVocabulary, GuestReportsAreNoLayerEvents) {
  for (const auto& [unit, message] : std::vector<std::pair<const char*, const char*>>{
           {"pacemaker-controld", "notice: High CPU load detected: 1.620000"},
           {"kernel", "Modules linked in: sctp ip6_udp_tunnel udp_tunnel target_core_"},
           {"kernel", "Call Trace:"},
           {"kernel", " <TASK>"},
           {"kernel", "RIP: 0010:drbd_al_begin_io_commit+0x1c/0x40 [drbd]"},
           {"kernel", "R10: 0000000000000000 R11: 0000000000000000"},
           {"kernel", "INFO: task kworker/u2:1:57 blocked for more than 120 seconds."},
           {"kernel", "sd 3:0:0:0: [sdb] tag#39 FAILED Result: hostbyte=DID_TRANSPORT"},
           {"kernel", "block drbd0: new current UUID B52D9CD7786D7C65:AEA2988B049FB35"},
           {"multipathd", "sync_map_state: failing sdb state 2 dmstate 2"}})
    EXPECT_TRUE(any_vocabulary(unit, message).empty()) << unit << ": " << message;
  // And the state changes among the same recordings are read.
  EXPECT_EQ(any_vocabulary("kernel", "sd 4:0:0:0: Asymmetric access state changed"),
            (W{{Signal::alua_change_seen, "sd 4:0:0:0"}}));
  EXPECT_EQ(any_vocabulary("corosync", "[KNET  ] link: host: 2 link: 0 is down"),
            (W{{Signal::link_down, "host 2 link 0"}}));
}

TEST(LayerVocabulary, LifecycleWordsAndLayers) {
  EXPECT_EQ(lifecycle_signal("destroyed"), Signal::power_off);
  EXPECT_EQ(lifecycle_signal("reset"), Signal::power_off);
  EXPECT_EQ(lifecycle_signal("started"), Signal::power_on);
  EXPECT_EQ(lifecycle_signal("suspended"), Signal::vcpus_stopped);
  EXPECT_EQ(lifecycle_signal("resumed"), Signal::vcpus_resumed);
  EXPECT_FALSE(lifecycle_signal("rebooted"));
  EXPECT_EQ(layer_of(Signal::fence_done), Layer::cluster);
  EXPECT_EQ(layer_of(Signal::io_resumed), Layer::drbd);
  EXPECT_EQ(layer_of(Signal::alua_optimized), Layer::target);
  EXPECT_EQ(layer_of(Signal::session_failed), Layer::initiator);
  EXPECT_EQ(layer_of(Signal::vcpus_resumed), Layer::hypervisor);
  // Every signal has a word and reads back from it.
  for (int i = 0; i <= static_cast<int>(Signal::io_completed); ++i) {
    const auto s = static_cast<Signal>(i);
    EXPECT_NE(to_string(s), "unknown") << i;
    EXPECT_EQ(signal_from_string(to_string(s)), s) << to_string(s);
  }
  // Polled sources are guest-stamped and carry no fixed bound of their own.
  EXPECT_TRUE(guest_clock(Source::poll));
  EXPECT_FALSE(guest_clock(Source::qemu_stamp));
  EXPECT_EQ(source_bounds(Source::fence_history).late_ns, 1'000'000'000);
}

}  // namespace
}  // namespace harness
