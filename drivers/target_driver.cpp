// ALUA state names and the target driver factory.
#include "drivers/target_driver.hpp"

#include <fmt/format.h>

#include "drivers/lio/lio_driver.hpp"
#include "drivers/scst/scst_driver.hpp"
#include "drivers/target/options.hpp"
#include "harness/core/errors.hpp"
#include "harness/scenario/option_io.hpp"

namespace harness {
namespace {

constexpr std::pair<AluaState, std::string_view> kNames[] = {
    {AluaState::active_optimized, "active/optimized"},
    {AluaState::active_nonoptimized, "active/non-optimized"},
    {AluaState::standby, "standby"},
    {AluaState::unavailable, "unavailable"},
    {AluaState::offline, "offline"},
    {AluaState::transitioning, "transitioning"},
};

}  // namespace

std::string_view to_string(AluaState s) {
  for (const auto& [state, name] : kNames)
    if (state == s) return name;
  return "unknown";
}

AluaState alua_state_from_string(std::string_view s) {
  for (const auto& [state, name] : kNames)
    if (name == s) return state;
  throw LabError(fmt::format("unknown ALUA state \"{}\"", s));
}

std::unique_ptr<TargetDriver> make_target_driver(const TargetOptions& options) {
  // The table lists the drivers that exist and the values allowed: anything else is the
  // scenario's error.
  require_options(target_option_table(), options, "/lab");
  if (options.target_driver == "scst") return std::make_unique<ScstTargetDriver>();
  return std::make_unique<LioTargetDriver>(options.alua_transition_delay_ms);
}

}  // namespace harness
