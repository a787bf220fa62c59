#pragma once
// The target driver's scenario key (lab.target_driver): which TargetDriver serves the LUN.
// Only drivers that exist are allowed values, so a scenario naming another one is refused when
// it is validated rather than run with LIO (make_target_driver builds from the same list).
#include <string>

#include "harness/core/option_table.hpp"

namespace harness {

struct TargetOptions {
  std::string target_driver = "lio";
  // A delay the target adds to every ALUA state change on purpose (LIO's trans_delay_msecs):
  // a known length the failover anatomy must measure (docs/ANATOMY.md, calibration).
  int alua_transition_delay_ms = 0;
};

const OptionTable<TargetOptions>& target_option_table();

}  // namespace harness
