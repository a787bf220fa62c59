#include "drivers/libvirt/events.hpp"

#include <array>
#include <utility>

namespace harness {

namespace {

constexpr std::array<std::pair<Lifecycle, std::string_view>, 8> kWords{{
    {Lifecycle::started, "started"},
    {Lifecycle::suspended, "suspended"},
    {Lifecycle::resumed, "resumed"},
    {Lifecycle::destroyed, "destroyed"},
    {Lifecycle::shutdown, "shutdown"},
    {Lifecycle::crashed, "crashed"},
    {Lifecycle::reset, "reset"},
    {Lifecycle::pmsuspended, "pmsuspended"},
}};

template <bool (*P)(Lifecycle)>
bool on_word(std::string_view what) {
  auto l = parse_lifecycle(what);
  return l && P(*l);
}

}  // namespace

std::string_view to_string(Lifecycle l) {
  for (const auto& [k, w] : kWords)
    if (k == l) return w;
  return "unknown";
}

std::optional<Lifecycle> parse_lifecycle(std::string_view what) {
  for (const auto& [k, w] : kWords)
    if (w == what) return k;
  return std::nullopt;
}

bool is_power_off(std::string_view what) { return on_word<is_power_off>(what); }
bool is_down(std::string_view what) { return on_word<is_down>(what); }
bool ends_guest(std::string_view what) { return on_word<ends_guest>(what); }
bool cuts_power(std::string_view what) { return on_word<cuts_power>(what); }
bool restores_power(std::string_view what) { return on_word<restores_power>(what); }
bool is_abrupt_loss(std::string_view what) { return on_word<is_abrupt_loss>(what); }

std::optional<Signal> lifecycle_signal(std::string_view what) {
  auto l = parse_lifecycle(what);
  if (!l) return std::nullopt;
  if (cuts_power(*l) || is_power_off(*l)) return Signal::power_off;
  if (*l == Lifecycle::started) return Signal::power_on;
  if (*l == Lifecycle::suspended || *l == Lifecycle::pmsuspended) return Signal::vcpus_stopped;
  if (*l == Lifecycle::resumed) return Signal::vcpus_resumed;
  return std::nullopt;
}

}  // namespace harness
