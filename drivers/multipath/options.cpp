#include "drivers/multipath/options.hpp"

namespace harness {

const OptionTable<MultipathOptions>& multipath_option_table() {
  using K = OptionKind;
  using O = MultipathOptions;
  static const OptionTable<O> table{
      "multipath",
      {
          {&O::polling_interval_s,
           {.key = "polling_interval_s", .kind = K::integer, .min = 1, .max = 300, .unit = "s",
            .live = true,
            .doc = "multipathd path checker interval; failed paths come back only when checked."}},
          // 0 is multipath-tools' own spelling of "fail" (libmultipath dict.c).
          {&O::no_path_retry,
           {.key = "no_path_retry", .kind = K::retry, .min = 0, .max = 10000,
            .values = {"queue", "fail"}, .noun = "an integer number of checker intervals",
            .live = true,
            .doc = "I/O with every path down: queue it, fail it at once, or queue for N checker "
                   "intervals (0 = fail)."}},
      }};
  return table;
}

}  // namespace harness
