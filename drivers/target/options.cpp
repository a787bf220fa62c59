#include "drivers/target/options.hpp"

namespace harness {

const OptionTable<TargetOptions>& target_option_table() {
  using O = TargetOptions;
  // "scst" joins the values when drivers/scst exists (docs/DESIGN.md: variants as interfaces).
  static const OptionTable<O> table{
      "lab",
      {
          {&O::target_driver,
           {.key = "target_driver", .kind = OptionKind::choice, .values = {"lio"},
            .expected = "\"lio\" (\"scst\" is not implemented yet: docs/DEPLOY.md, Adding SCST)",
            .doc = "The iSCSI target driver on the target nodes (LIO; SCST is not implemented "
                   "yet)."}},
      }};
  return table;
}

}  // namespace harness
