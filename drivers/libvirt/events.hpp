#pragma once
// The vocabulary of `lifecycle` events (docs/EVENTS.md): what the hypervisor reported of a
// domain, typed, with the predicates the checks and the report ask of it. One place, so that
// "was the node lost", "was it powered off" and "was power cut" mean the same to everyone.
// Plain data: the checks read this header, never the libvirt driver itself.
#include <optional>
#include <string_view>

#include "harness/core/layer_event.hpp"

namespace harness {

enum class Lifecycle { started, suspended, resumed, destroyed, shutdown, crashed, reset, pmsuspended };

std::string_view to_string(Lifecycle l);
// The event's `what`; nullopt for a word the libvirt driver never records.
std::optional<Lifecycle> parse_lifecycle(std::string_view what);

// The domain is off afterwards (a power-off, a guest shutdown, a crash).
constexpr bool is_power_off(Lifecycle l) {
  return l == Lifecycle::destroyed || l == Lifecycle::shutdown || l == Lifecycle::crashed;
}
// The node serves nothing afterwards: off, or its vCPUs held.
constexpr bool is_down(Lifecycle l) { return is_power_off(l) || l == Lifecycle::suspended; }
// The guest's running system ended: powered off, or reset (its sessions and state are gone).
constexpr bool ends_guest(Lifecycle l) { return is_power_off(l) || l == Lifecycle::reset; }
// A power action as fencing performs it: destroy or reset cuts power, start or reset restores it.
constexpr bool cuts_power(Lifecycle l) { return l == Lifecycle::destroyed || l == Lifecycle::reset; }
constexpr bool restores_power(Lifecycle l) { return l == Lifecycle::started || l == Lifecycle::reset; }
// Lost without an orderly stop: what the timeline marks red when nobody in the harness asked.
constexpr bool is_abrupt_loss(Lifecycle l) { return l == Lifecycle::destroyed || l == Lifecycle::crashed; }

// The same predicates on an event's `what`; false for an unknown word.
bool is_power_off(std::string_view what);
bool is_down(std::string_view what);
bool ends_guest(std::string_view what);
bool cuts_power(std::string_view what);
bool restores_power(std::string_view what);
bool is_abrupt_loss(std::string_view what);

// The hypervisor's layer signal of a lifecycle word (docs/ANATOMY.md): power off (destroyed,
// shutdown, crashed, reset: a reset cuts power first), power on, vCPUs stopped or resumed.
std::optional<Signal> lifecycle_signal(std::string_view what);

}  // namespace harness
