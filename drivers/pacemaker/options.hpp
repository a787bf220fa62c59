#pragma once
// Pacemaker's scenario keys (tunables.pacemaker.*): the struct the CIB renderer receives and the
// table that declares each key once (options.cpp). Plain data, below the scenario layer.
#include <string>

#include "harness/core/option_table.hpp"

namespace harness {

struct PacemakerOptions {
  bool stonith_enabled = true;
  double resource_stickiness = 100;  // a double so that 0.5 is refused, not truncated
  int migration_threshold = 1;
  int dc_deadtime_s = 5;             // Pacemaker's own: 20
  int load_threshold_pct = 400;      // Pacemaker's own: 80
};

const OptionTable<PacemakerOptions>& pacemaker_option_table();

}  // namespace harness
