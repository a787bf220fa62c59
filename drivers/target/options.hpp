#pragma once
// The target driver's scenario key (lab.target_driver): which TargetDriver serves the LUN.
// Only drivers that exist are allowed values, so a scenario naming another one is refused when
// it is validated rather than run with LIO (make_target_driver builds from the same list).
#include <string>

#include "harness/core/option_table.hpp"

namespace harness {

struct TargetOptions {
  std::string target_driver = "lio";
};

const OptionTable<TargetOptions>& target_option_table();

}  // namespace harness
