#include "drivers/corosync/options.hpp"

namespace harness {

const OptionTable<CorosyncOptions>& corosync_option_table() {
  using O = CorosyncOptions;
  static const OptionTable<O> table{
      "corosync",
      {
          {&O::token_ms,
           {.key = "token_ms", .kind = OptionKind::integer, .min = 200, .max = 60000, .unit = "ms",
            .doc = "totem token: silence after which a node is declared lost (consensus = 1.2 x "
                   "token follows)."}},
      }};
  return table;
}

}  // namespace harness
