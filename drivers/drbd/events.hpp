#pragma once
// DRBD's layer signals (docs/ANATOMY.md), from the kernel's journal lines (DRBD 8.4 as the lab's
// kernel writes them; tests/data/histories/ holds real ones) and from the changes between two
// `observation/drbd` samples (/proc/drbd: cstate, role, suspended, ...). Plain data: the checks
// read this header.
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/core/layer_event.hpp"

namespace harness {

// A state line lists the fields that changed, "name( from -> to )":
//   "drbd r0: peer( Primary -> Unknown ) conn( Connected -> NetworkFailure ) ... susp( 0 -> 1 )"
//     -> peer_lost, io_suspended
//   "drbd r0: susp( 1 -> 0 )" -> io_resumed      "conn( WFReportParams -> Connected )" -> peer_connected
//   "role( Secondary -> Primary )" -> became_primary
// and the fence-peer handler:
//   "drbd r0: helper command: /sbin/drbdadm fence-peer r0"                -> fence_peer_started
//   "drbd r0: helper command: /sbin/drbdadm fence-peer r0 exit code 7 ..." -> fence_peer_done
//   "drbd r0: fence-peer helper returned 7 (peer was stonithed)"          -> fence_peer_done
// The subject is the resource ("r0") or the minor ("drbd0") the line names.
std::vector<SignalWord> drbd_log_signals(std::string_view unit, std::string_view message);

// A verify or a resync (conn( Connected -> VerifyS )) is no loss of the peer: only a state
// without one (StandAlone, NetworkFailure, WFConnection, ...) is.
// The same changes between two samples: cstate reaching or leaving a state without a peer, `suspended`
// turning true or false, role reaching Primary. Nothing for the first sample.
std::vector<SignalWord> drbd_observation_signals(const nlohmann::json& before,
                                                 const nlohmann::json& after);

}  // namespace harness
