#include "harness/checks/anatomy_steps.hpp"

#include <array>

namespace harness::checks {
namespace {

using S = Signal;

constexpr std::array kRemoved{S::fault_removed, S::vcpus_resumed};
constexpr std::array kDetection{S::link_down,   S::token_lost,  S::peer_lost,
                                S::io_suspended, S::connection_error, S::path_failed,
                                S::node_lost};
constexpr std::array kMembership{S::node_lost};
constexpr std::array kDecision{S::fence_requested, S::promote_started};
constexpr std::array kFencing{S::fence_done, S::power_off};
constexpr std::array kDataRelease{S::io_resumed, S::became_primary, S::fence_peer_done};
constexpr std::array kTargetSwitch{S::alua_optimized, S::promote_done};
constexpr std::array kInitiatorSwitch{S::path_group_switched, S::path_reinstated,
                                      S::session_failed, S::alua_change_seen,
                                      S::session_restored};

constexpr std::array kFailover{Step::detection,    Step::membership,    Step::decision,
                               Step::fencing,      Step::data_release,  Step::target_switch,
                               Step::initiator_switch};
constexpr std::array kAfterRemoval{Step::data_release, Step::target_switch, Step::initiator_switch};

}  // namespace

std::string_view to_string(Step s) {
  switch (s) {
    case Step::fault_removed: return "fault_removed";
    case Step::detection: return "detection";
    case Step::membership: return "membership";
    case Step::decision: return "decision";
    case Step::fencing: return "fencing";
    case Step::data_release: return "data_release";
    case Step::target_switch: return "target_switch";
    case Step::initiator_switch: return "initiator_switch";
    case Step::first_io: return "first_io";
  }
  return "unknown";
}

std::span<const Signal> ending_signals(Step s) {
  switch (s) {
    case Step::fault_removed: return kRemoved;
    case Step::detection: return kDetection;
    case Step::membership: return kMembership;
    case Step::decision: return kDecision;
    case Step::fencing: return kFencing;
    case Step::data_release: return kDataRelease;
    case Step::target_switch: return kTargetSwitch;
    case Step::initiator_switch: return kInitiatorSwitch;
    case Step::first_io: return {};
  }
  return {};
}

std::span<const Step> failover_steps() { return kFailover; }
std::span<const Step> after_removal_steps() { return kAfterRemoval; }

}  // namespace harness::checks
