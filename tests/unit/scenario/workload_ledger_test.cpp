// workload.ledger and expect.reservations: read through their tables, placed, refused with the
// JSON path and the rule.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "drivers/faults/load_scenario.hpp"
#include "harness/core/errors.hpp"
#include "harness/scenario/scenario.hpp"

namespace harness {
namespace {

using nlohmann::json;

json with(json workload, json expect_extra = json::object()) {
  json j = json::parse(R"({
    "name": "t", "description": "d",
    "steps": [{"at_s": 10, "id": "k", "fault": "node_kill", "target": "active"}],
    "expect": {"path_switch_max_s": 20, "fenced": ["active"], "survivors": ["initiator"]}})");
  j["workload"] = std::move(workload);
  j["expect"].update(expect_extra);
  return j;
}

std::string error_of(const json& j) {
  try {
    parse_scenario(j.dump(), "t.json");
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "(accepted)";
}

TEST(WorkloadLedger, AbsentMeansFioAlone) {
  const Scenario sc = parse_scenario(with(json{{"size", "128M"}}).dump(), "t.json");
  EXPECT_FALSE(sc.workload.ledger.has_value());
  EXPECT_EQ(workload_region_bytes(sc.workload), 128u << 20);
  EXPECT_TRUE(sc.expect.reservations.empty());
}

TEST(WorkloadLedger, AnEmptyObjectTakesTheDefaultsAfterFiosRegion) {
  const Scenario sc = parse_scenario(with(json{{"size", "1500k"}, {"ledger", json::object()}}).dump(), "t.json");
  ASSERT_TRUE(sc.workload.ledger.has_value());
  EXPECT_EQ(sc.workload.ledger->size, "32M");
  EXPECT_EQ(sc.workload.ledger->rate, 200);
  // fio's 1500 KiB rounded up to 2 MiB, then the ledger's 32 MiB.
  EXPECT_EQ(ledger_offset_bytes(sc.workload), 2u << 20);
  EXPECT_EQ(workload_region_bytes(sc.workload), 34u << 20);
}

TEST(WorkloadLedger, KeysAreCheckedWithTheirPath) {
  EXPECT_NE(error_of(with(json{{"ledger", {{"rate", 0}}}})).find("/workload/ledger/rate"), std::string::npos);
  EXPECT_NE(error_of(with(json{{"ledger", {{"block_size", 1000}}}})).find("/workload/ledger/block_size"),
            std::string::npos);
  EXPECT_NE(error_of(with(json{{"ledger", {{"colour", "red"}}}})).find("/workload/ledger/colour"),
            std::string::npos);
  EXPECT_NE(error_of(with(json{{"ledger", "yes"}})).find("/workload/ledger"), std::string::npos);
  // 1M of 64k blocks holds 16: 32 in flight could never be.
  EXPECT_NE(error_of(with(json{{"ledger", {{"size", "1M"}, {"block_size", 65536}, {"in_flight", 32}}}}))
                .find("in_flight"),
            std::string::npos);
}

TEST(WorkloadLedger, BothRegionsMustFitTheDataDisk) {
  json j = with(json{{"size", "200M"}, {"ledger", {{"size", "100M"}}}});
  j["lab"] = {{"data_disk_mib", 256}};
  const std::string e = error_of(j);
  EXPECT_NE(e.find("/workload/ledger/size"), std::string::npos) << e;
  j["workload"]["ledger"]["size"] = "32M";
  EXPECT_EQ(error_of(j), "(accepted)");
}

TEST(ExpectReservations, KeptOrLost) {
  const Scenario sc = parse_scenario(with(json::object(), {{"reservations", "kept"}}).dump(), "t.json");
  EXPECT_EQ(sc.expect.reservations, "kept");
  EXPECT_NE(error_of(with(json::object(), {{"reservations", "maybe"}})).find("/expect/reservations"),
            std::string::npos);
}

}  // namespace
}  // namespace harness
