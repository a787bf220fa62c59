// The CIB seed of a fresh node: an empty CIB handed to hacluster, then dc-deadtime set offline
// (CIB_file on the live path) before Pacemaker first starts, so it holds from that start; the
// same value the loaded configuration carries.
#include "drivers/pacemaker/cluster_commands.hpp"

#include <gtest/gtest.h>

#include "drivers/pacemaker/cib_xml.hpp"

namespace harness {
namespace {

TEST(CibSeed, HandsTheFileToPacemakerThenSetsDcDeadtimeOffline) {
  Tunables t;
  t.pacemaker.dc_deadtime_s = 7;
  auto c = cib_seed_commands(t);
  ASSERT_EQ(c.size(), 4u);
  EXPECT_EQ(c[0].argv, (Argv{"chown", "hacluster:haclient", "/var/lib/pacemaker/cib/cib.xml"}));
  EXPECT_EQ(c[1].argv, (Argv{"chmod", "0600", "/var/lib/pacemaker/cib/cib.xml"}));
  // A stale digest would make crm_attribute skip its write silently.
  EXPECT_EQ(c[2].argv, (Argv{"rm", "-f", "/var/lib/pacemaker/cib/cib.xml.sig"}));
  EXPECT_EQ(c[3].argv, (Argv{"env", "CIB_file=/var/lib/pacemaker/cib/cib.xml", "crm_attribute",
                             "--type", "crm_config", "--name", "dc-deadtime", "--update", "7s"}));
  for (const auto& cmd : c) EXPECT_FALSE(cmd.may_fail) << cmd.why;
  EXPECT_EQ(empty_cib_argv(), (Argv{"cibadmin", "--empty"}));
  EXPECT_EQ(cib_seed_query_argv(),
            (Argv{"env", "CIB_file=/var/lib/pacemaker/cib/cib.xml", "crm_attribute", "--type",
                  "crm_config", "--name", "dc-deadtime", "--query", "--quiet"}));
}

TEST(CibSeed, DefaultIsShorterThanPacemakersOwn) {
  auto c = cib_seed_commands(Tunables{});
  EXPECT_EQ(c.back().argv.back(), "5s");
}

}  // namespace
}  // namespace harness
