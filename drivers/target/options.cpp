#include "drivers/target/options.hpp"

#include <string>

namespace harness {
namespace {

// The transition delay is LIO's trans_delay_msecs; SCST has no such knob, and a delay the
// target would not add must not reach the anatomy as a calibration.
std::vector<OptionProblem> cross_check(const TargetOptions& o) {
  if (o.target_driver != "lio" && o.alua_transition_delay_ms != 0)
    return {{"alua_transition_delay_ms",
             "0 with target_driver \"" + o.target_driver +
                 "\" (the transition delay is LIO's trans_delay_msecs)",
             std::to_string(o.alua_transition_delay_ms)}};
  return {};
}

// The same rule in the schema, so editors flag it too.
nlohmann::json schema_rules() {
  return {{"if",
           {{"required", {"target_driver"}},
            {"properties", {{"target_driver", {{"not", {{"const", "lio"}}}}}}}}},
          {"then", {{"properties", {{"alua_transition_delay_ms", {{"const", 0}}}}}}}};
}

}  // namespace

const OptionTable<TargetOptions>& target_option_table() {
  using O = TargetOptions;
  using K = OptionKind;
  static const OptionTable<O> table{
      "lab",
      {
          {&O::target_driver,
           {.key = "target_driver", .kind = OptionKind::choice, .values = {"lio", "scst"},
            .doc = "The iSCSI target driver on the target nodes: LIO (in the Debian kernel) or "
                   "SCST (its modules and tools must be in the image: docs/SCST.md)."}},
          {&O::alua_transition_delay_ms,
           {.key = "alua_transition_delay_ms", .kind = K::integer, .min = 0, .max = 60000,
            .unit = "ms",
            .doc = "How long the target holds every ALUA state change of its port group (LIO's "
                   "trans_delay_msecs: the state reads transitioning meanwhile, and the agent's "
                   "promote or demote waits for it). 0 in production, and with SCST, which has "
                   "no such delay; set to calibrate the anatomy's target_switch."}},
      },
      &cross_check,
      &schema_rules};
  return table;
}

}  // namespace harness
