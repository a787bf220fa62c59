#pragma once
// SCST's ALUA access states by the names its sysfs takes and shows (scst/src/scst_tg.c):
// <sysfs>/device_groups/<dg>/target_groups/<tg>/state reads "active\n[key]\n" and takes
// "active\n". The harness numbers states as SPC-4 does (AluaState); these translate.
#include <optional>
#include <string>
#include <string_view>

#include "drivers/target_driver.hpp"

namespace harness {

inline constexpr const char* kScstSysfsRoot = "/sys/kernel/scst_tgt";

// "active", "nonoptimized", "standby", "unavailable", "offline", "transitioning".
std::string_view scst_state_name(AluaState s);
// The state a state file's text names: its first line, blanks trimmed; nullopt for anything
// else (an empty file, a number, a name SCST does not have).
std::optional<AluaState> parse_scst_state(std::string_view state_file_text);

// <root>/device_groups/<dg>/target_groups/<tg>/state
std::string scst_state_path(const std::string& device_group, const std::string& target_group);

}  // namespace harness
