#pragma once
// dm-multipath's scenario keys (tunables.multipath.*), rendered into multipath.conf.
#include <string>

#include "harness/core/option_table.hpp"

namespace harness {

struct MultipathOptions {
  int polling_interval_s = 1;
  std::string no_path_retry = "queue";  // "queue", "fail" or a count of checker intervals
};

const OptionTable<MultipathOptions>& multipath_option_table();

}  // namespace harness
