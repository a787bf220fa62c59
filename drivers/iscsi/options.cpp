#include "drivers/iscsi/options.hpp"

namespace harness {

const OptionTable<IscsiOptions>& iscsi_option_table() {
  using K = OptionKind;
  using O = IscsiOptions;
  static const OptionTable<O> table{
      "iscsi",
      {
          {&O::replacement_timeout_s,
           {.key = "replacement_timeout_s", .kind = K::integer, .min = 0, .max = 3600, .unit = "s",
            .live = true,
            .doc = "node.session.timeo.replacement_timeout: how long a broken session holds "
                   "commands before failing them to multipath."}},
          {&O::noop_out_interval_s,
           {.key = "noop_out_interval_s", .kind = K::integer, .min = 0, .max = 3600, .unit = "s",
            .doc = "node.conn[0].timeo.noop_out_interval: NOP-Out ping period (0 disables)."}},
          {&O::noop_out_timeout_s,
           {.key = "noop_out_timeout_s", .kind = K::integer, .min = 0, .max = 3600, .unit = "s",
            .doc = "node.conn[0].timeo.noop_out_timeout: NOP-Out reply deadline; then the "
                   "connection fails."}},
      }};
  return table;
}

}  // namespace harness
