// DRBD bring-up commands: the device-mapper table the disk_error fault can swap and restore,
// the skip-initial-sync sequence and its precondition.
#include "drivers/drbd/drbd_commands.hpp"

#include <gtest/gtest.h>

#include "drivers/faults/disk_error.hpp"
#include "harness/core/errors.hpp"
#include "tests/unit/deploy_fixture.hpp"

namespace harness {
namespace {

TEST(DrbdCommands, SectorCountFromBlockdev) {
  EXPECT_EQ(drbd_backing_size_argv(deploy_fixture::lab_topology()),
            (Argv{"blockdev", "--getsz", "/dev/disk/by-id/virtio-data"}));
  EXPECT_EQ(parse_sector_count("2097152\n"), 2097152u);
  for (const char* bad : {"", "0", "12a", "-5", "1.5"})
    EXPECT_THROW(parse_sector_count(bad), LabError) << bad;
}

TEST(DrbdCommands, PrepareCreatesTheLinearDeviceThenMetadata) {
  auto c = drbd_prepare_commands(deploy_fixture::lab_topology(), 2097152);
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c[0].argv, (Argv{"dmsetup", "create", "harness-backing", "--table",
                             "0 2097152 linear /dev/disk/by-id/virtio-data 0"}));
  EXPECT_EQ(c[1].argv, (Argv{"modprobe", "drbd"}));
  EXPECT_EQ(c[2].argv, (Argv{"drbdadm", "--", "--force", "create-md", "r0"}));
  EXPECT_THROW(drbd_prepare_commands(deploy_fixture::lab_topology(), 0), LabError);
}

TEST(DrbdCommands, TheTableIsOneTheDiskErrorFaultCanSwap) {
  std::string table = backing_linear_table(deploy_fixture::lab_topology(), 4096);
  EXPECT_EQ(table_sectors(table), 4096u);
  EXPECT_EQ(failing_table(table, "error"), "0 4096 error");
  EXPECT_NE(failing_table(table, "flakey").find("/dev/disk/by-id/virtio-data 0"),
            std::string::npos);
}

TEST(DrbdCommands, SkipInitialSyncOnOneNode) {
  auto c = drbd_skip_initial_sync_commands(deploy_fixture::lab_topology());
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].argv,
            (Argv{"drbdadm", "--", "--clear-bitmap", "new-current-uuid", "r0"}));
}

TEST(DrbdCommands, UpPrimaryAndTeardown) {
  auto topo = deploy_fixture::lab_topology();
  EXPECT_EQ(drbd_up_commands(topo)[0].argv, (Argv{"drbdadm", "up", "r0"}));
  EXPECT_EQ(drbd_primary_commands(topo)[0].argv, (Argv{"drbdadm", "primary", "r0"}));
  auto down = drbd_teardown_commands(topo);
  ASSERT_EQ(down.size(), 2u);
  EXPECT_TRUE(down[0].may_fail && down[1].may_fail);
  EXPECT_EQ(down[1].argv, (Argv{"dmsetup", "remove", "harness-backing"}));
}

TEST(DrbdCommands, VerifyCoversTheWorkloadRegionInSectorsRoundedUp) {
  auto topo = deploy_fixture::lab_topology();
  EXPECT_EQ(drbd_verify_argv(topo, 0), (Argv{"drbdadm", "verify", "r0"}));
  // 256 MiB = 524288 sectors; the backend options go before the command, as drbdadm wants.
  EXPECT_EQ(drbd_verify_argv(topo, 256ull << 20),
            (Argv{"drbdadm", "--", "--start=0", "--stop=524288", "verify", "r0"}));
  EXPECT_EQ(drbd_verify_argv(topo, 1000)[3], "--stop=2");
}

}  // namespace
}  // namespace harness
