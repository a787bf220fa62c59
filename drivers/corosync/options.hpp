#pragma once
// Corosync's scenario keys (tunables.corosync.*), rendered into corosync.conf.
#include "harness/core/option_table.hpp"

namespace harness {

struct CorosyncOptions {
  int token_ms = 3000;
};

const OptionTable<CorosyncOptions>& corosync_option_table();

}  // namespace harness
