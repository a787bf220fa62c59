#pragma once
// open-iscsi's scenario keys (tunables.iscsi.*), rendered into iscsid.conf and the node records.
#include "harness/core/option_table.hpp"

namespace harness {

// Doubles so that 1.5 is refused rather than truncated: iscsid.conf takes whole seconds.
struct IscsiOptions {
  double replacement_timeout_s = 5;
  double noop_out_interval_s = 2;
  double noop_out_timeout_s = 2;
};

const OptionTable<IscsiOptions>& iscsi_option_table();

}  // namespace harness
