// A DRBD that stays StandAlone gave up on its peer; a short StandAlone during `drbdadm up` is
// not one, and any other state in between restarts the count.
#include "drivers/drbd/drbd_steps.hpp"

#include <gtest/gtest.h>

#include "harness/core/units.hpp"

namespace harness {
namespace {

TEST(StandAloneWatch, GivesUpOnlyAfterAnUnbrokenStretch) {
  StandAloneWatch w;
  const std::int64_t t0 = 100 * kNsPerS;
  const std::string sa = "StandAlone Primary/Unknown UpToDate/DUnknown";
  EXPECT_FALSE(w.gave_up("n1", sa, t0));
  EXPECT_FALSE(w.gave_up("n1", sa, t0 + seconds_to_ns(kStandAloneS) - 1));
  EXPECT_FALSE(w.gave_up("n1", "WFConnection Primary/Unknown UpToDate/DUnknown",
                         t0 + seconds_to_ns(kStandAloneS)));
  EXPECT_FALSE(w.gave_up("n1", sa, t0 + seconds_to_ns(kStandAloneS) + 1));
  EXPECT_TRUE(w.gave_up("n1", sa, t0 + seconds_to_ns(2 * kStandAloneS) + 1));
  EXPECT_FALSE(w.gave_up("n2", sa, t0 + seconds_to_ns(2 * kStandAloneS) + 1));  // per node
  w.reset();
  EXPECT_FALSE(w.gave_up("n1", sa, t0 + seconds_to_ns(3 * kStandAloneS)));
}

}  // namespace
}  // namespace harness
