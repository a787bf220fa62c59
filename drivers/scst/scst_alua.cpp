// SCST's ALUA state names and the reading of its state files.
#include "drivers/scst/scst_alua.hpp"

#include <utility>

#include "drivers/parse_util.hpp"

namespace harness {
namespace {

// scst_tg.c, scst_tg_state_names.
constexpr std::pair<AluaState, std::string_view> kNames[] = {
    {AluaState::active_optimized, "active"},
    {AluaState::active_nonoptimized, "nonoptimized"},
    {AluaState::standby, "standby"},
    {AluaState::unavailable, "unavailable"},
    {AluaState::offline, "offline"},
    {AluaState::transitioning, "transitioning"},
};

}  // namespace

std::string_view scst_state_name(AluaState s) {
  for (const auto& [state, name] : kNames)
    if (state == s) return name;
  return "";
}

std::optional<AluaState> parse_scst_state(std::string_view text) {
  // Line two is scstadmin's "[key]" mark when the state was set by configuration.
  const std::string_view first = status::trim(text.substr(0, text.find('\n')));
  for (const auto& [state, name] : kNames)
    if (name == first) return state;
  return std::nullopt;
}

std::string scst_state_path(const std::string& device_group, const std::string& target_group) {
  return std::string(kScstSysfsRoot) + "/device_groups/" + device_group + "/target_groups/" +
         target_group + "/state";
}

}  // namespace harness
