#pragma once
// The vocabulary of Pacemaker's fencing as its daemons log it (observation/log events,
// docs/EVENTS.md): a peer lost, a fencing requested, delayed, carried out by the agent, and its
// result. crm_mon's fencing history (the `fence` events) holds only finished fencings, stamped
// to the second; these lines also hold the request, the delay and a fencing still in flight.
// Messages as Pacemaker 2.1.5 (the lab's) writes them to the journal; tests/data/histories/
// node_kill_fence_log.jsonl holds the real ones. Plain data: the checks read this header.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/core/event.hpp"
#include "harness/core/layer_event.hpp"

namespace harness {

enum class FenceLogStep {
  peer_lost,   // pacemaker-controld: "Node n1 state is now lost"
  requested,   // pacemaker-controld: "Requesting fencing (off) of node n1" (the decision), or
               // pacemaker-fenced: "Client C wants to fence (off) n1 using any device"
  delayed,     // pacemaker-fenced: "Delaying 'off' action targeting n1 using fence-n1 for 5s"
  agent_done,  // pacemaker-fenced: "Operation 'off' [753] targeting n1 using fence-n1 returned 0"
  result,      // pacemaker-fenced: "Operation 'off' targeting n1 by n2 for C@n2: OK (complete)"
};

struct FenceLogLine {
  FenceLogStep step = FenceLogStep::peer_lost;
  std::string target;       // the node to fence; for peer_lost the node lost
  std::string action;       // off, reboot (empty for peer_lost)
  std::string device;       // delayed, agent_done
  std::string executioner;  // result ("by n2")
  std::string origin;       // result: the node that asked ("@n2")
  int delay_s = 0;          // delayed: Pacemaker logs whole seconds
  bool ok = false;          // agent_done: returned 0; result: "OK"
  bool decision = false;    // requested: the controller's own line, not the fencer's echo
};

// The line as a fencing step, or nullopt for any other line. `unit` is the journal's
// SYSLOG_IDENTIFIER (pacemaker-controld, pacemaker-fenced), `message` as recorded (Pacemaker
// prefixes the severity: " notice: ...").
std::optional<FenceLogLine> parse_fence_log(std::string_view unit, std::string_view message);

// The cluster layer's signals in Pacemaker's journal lines (docs/ANATOMY.md):
//   pacemaker-controld "Node n1 state is now lost"                -> node_lost "n1"
//   pacemaker-controld "Requesting fencing (off) of node n1"      -> fence_requested "n1"
//   pacemaker-fenced   "Delaying 'off' action targeting n1 ..."   -> fence_delayed "n1"
//   pacemaker-fenced   "Operation 'off' targeting n1 by n2 for ...: OK" -> fence_done "n1"
//                      (anything but OK: fence_failed)
//   pacemaker-controld "Initiating promote operation alua_promote_0 [locally] on n2"
//                                                                  -> promote_started "alua@n2"
//   pacemaker-controld "Result of promote operation for alua on n2: ok" -> promote_done "alua@n2"
std::vector<SignalWord> pacemaker_log_signals(std::string_view unit, std::string_view message);

// Changes between two `observation/crm` samples: a node that left `online` (node_lost), a
// resource instance that became Promoted (promote_done "id@node"). Nothing for the first.
std::vector<SignalWord> crm_observation_signals(const nlohmann::json& before,
                                                const nlohmann::json& after);

// A `fence` event (crm_mon's fencing history): fence_done or fence_failed of its node; nothing
// for "on" (unfencing).
std::optional<SignalWord> fence_record_signal(const Event& e);

}  // namespace harness
