#include "drivers/target/options.hpp"

namespace harness {

const OptionTable<TargetOptions>& target_option_table() {
  using O = TargetOptions;
  using K = OptionKind;
  // "scst" joins the values when drivers/scst exists (docs/DESIGN.md: variants as interfaces).
  static const OptionTable<O> table{
      "lab",
      {
          {&O::target_driver,
           {.key = "target_driver", .kind = OptionKind::choice, .values = {"lio"},
            .expected = "\"lio\" (\"scst\" is not implemented yet: docs/DEPLOY.md, Adding SCST)",
            .doc = "The iSCSI target driver on the target nodes (LIO; SCST is not implemented "
                   "yet)."}},
          {&O::alua_transition_delay_ms,
           {.key = "alua_transition_delay_ms", .kind = K::integer, .min = 0, .max = 60000,
            .unit = "ms",
            .doc = "How long the target holds every ALUA state change of its port group (LIO's "
                   "trans_delay_msecs: the state reads transitioning meanwhile, and the agent's "
                   "promote or demote waits for it). 0 in production; set to calibrate the "
                   "anatomy's target_switch."}},
      }};
  return table;
}

}  // namespace harness
