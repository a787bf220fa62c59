#include "drivers/pacemaker/options.hpp"

namespace harness {

const OptionTable<PacemakerOptions>& pacemaker_option_table() {
  using K = OptionKind;
  using O = PacemakerOptions;
  static const OptionTable<O> table{
      "pacemaker",
      {
          {&O::stonith_enabled,
           {.key = "stonith_enabled", .kind = K::boolean,
            .doc = "Cluster property stonith-enabled: a lost node is fenced before its resources "
                   "recover."}},
          {&O::resource_stickiness,
           {.key = "resource_stickiness", .kind = K::integer, .min = 0, .max = 1000000,
            .live = true,
            .doc = "resource-stickiness default: preference to stay put (1000000 = INFINITY)."}},
          {&O::migration_threshold,
           {.key = "migration_threshold", .kind = K::integer, .min = 0, .max = 1000000,
            .live = true,
            .doc = "migration-threshold: failures before resources leave a node (0 = never)."}},
          {&O::dc_deadtime_s,
           {.key = "dc_deadtime_s", .kind = K::integer, .min = 1, .max = 600, .unit = "s",
            .live = true,
            .doc = "dc-deadtime: how long a starting node waits for an existing DC before an "
                   "election (in the CIB from the first start; Pacemaker's own default is 20 s)."}},
          {&O::load_threshold_pct,
           {.key = "load_threshold_pct", .kind = K::integer, .min = 10, .max = 10000, .unit = "%",
            .live = true,
            .doc = "load-threshold: load (percent of the node's CPUs) above which the controller "
                   "throttles itself to one action at a time. Pacemaker's own 80 % throttles "
                   "every TCG guest, whose load average of 1.5–3 on one vCPU comes from "
                   "emulation."}},
      }};
  return table;
}

}  // namespace harness
