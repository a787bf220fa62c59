// sg_persist's PERSISTENT RESERVE IN answers, from the recordings of the deployed cluster.
#include <gtest/gtest.h>

#include "drivers/multipath/persistent_reservation.hpp"
#include "harness/core/errors.hpp"
#include "tests/unit/recording.hpp"

namespace harness {
namespace {
using test::recording;

TEST(PersistentReservation, ReadKeysListsTheRegisteredKeys) {
  const PrKeys k = parse_pr_keys(recording("deployed/sg_persist_read_keys.sda.registered.initiator.txt"));
  EXPECT_EQ(k.generation, 3u);
  EXPECT_EQ(k.keys, std::vector<std::string>{"0x1234"});
}

TEST(PersistentReservation, ReadKeysWithNoneRegistered) {
  const PrKeys k = parse_pr_keys(recording("deployed/sg_persist_read_keys.sdc.initiator.txt"));
  EXPECT_EQ(k.generation, 2u);
  EXPECT_TRUE(k.keys.empty());
}

TEST(PersistentReservation, ReadReservationNamesTheHolder) {
  const PrReservation r = parse_pr_reservation(recording("deployed/sg_persist_read_reservation.sda.held.initiator.txt"));
  ASSERT_TRUE(r.key.has_value());
  EXPECT_EQ(*r.key, "0x5a4dd0b8bedd7e81");  // the probe's key of that run
  EXPECT_EQ(r.generation, 4u);
  EXPECT_NE(r.scope_type.find("registrants only"), std::string::npos) << r.scope_type;
}

TEST(PersistentReservation, ReadReservationWithNoneHeld) {
  const PrReservation r = parse_pr_reservation(recording("deployed/sg_persist_read_reservation.sda.none.initiator.txt"));
  EXPECT_FALSE(r.key.has_value());
  EXPECT_EQ(r.generation, 0u);
}

// Recorded while the path's node was killed: exit 0, a zeroed answer, the failure on stderr.
TEST(PersistentReservation, AnAnswerAfterATransportFailureIsNoAnswer) {
  const PrKeys k = parse_pr_keys(recording("deployed/sg_persist_read_keys.sda.transport_error.initiator.txt"));
  EXPECT_TRUE(k.keys.empty());  // what a reader would wrongly believe
  const std::string why =
      pr_in_transport_failure(recording("deployed/sg_persist_read_keys.sda.transport_error.initiator.stderr"));
  EXPECT_NE(why.find("DID_TRANSPORT_DISRUPTED"), std::string::npos) << why;
  EXPECT_EQ(pr_in_transport_failure(""), "");
}

TEST(PersistentReservation, AnythingElseIsRefusedNamingTheTool) {
  EXPECT_THROW(parse_pr_keys("sg_persist: error opening file: /dev/sdz: No such file"), LabError);
  EXPECT_THROW(parse_pr_reservation(""), LabError);
}

TEST(PersistentReservation, CommandsAreArgumentVectors) {
  EXPECT_EQ(pr_reserve_argv("/dev/sda", "0x12", 5),
            (Argv{"sg_persist", "--out", "--reserve", "--param-rk=0x12", "--prout-type=5", "/dev/sda"}));
  EXPECT_EQ(mpath_register_argv("/dev/mapper/36001", "0x12"),
            (Argv{"mpathpersist", "--out", "--register", "--param-sark=0x12", "/dev/mapper/36001"}));
}

}  // namespace
}  // namespace harness
