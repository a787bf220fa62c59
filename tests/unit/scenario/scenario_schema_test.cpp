// scenarios/schema.json and docs/SCENARIO-FORMAT.md describe the same format the parser reads:
// the tunables (keys, defaults, ranges, values) must agree with the table, the fault kinds and
// their keys with the registry (drivers/faults/fault_kinds.cpp).
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "drivers/faults/fault_kinds.hpp"
#include "harness/scenario/scenario.hpp"
#include "harness/scenario/scenario_schema.hpp"
#include "harness/scenario/tunables.hpp"

namespace harness {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

json schema() { return json::parse(slurp(fs::path(HARNESS_SOURCE_DIR) / "scenarios/schema.json")); }

TEST(ScenarioSchema, TunablesMatchTheTable) {
  const json sections = schema()["properties"]["tunables"]["properties"];
  std::size_t in_schema = 0;
  for (const auto& [section, body] : sections.items()) in_schema += body["properties"].size();
  const json table = tunables_table();
  EXPECT_EQ(in_schema, table.size());
  for (const auto& row : table) {
    const std::string key = row["key"];
    const auto dot = key.find('.');
    const json s = sections[key.substr(0, dot)]["properties"][key.substr(dot + 1)];
    ASSERT_TRUE(s.is_object()) << key << " missing from schema.json";
    EXPECT_EQ(s["default"], row["default"]) << key;
    if (row["type"] == "string|integer") {
      EXPECT_EQ(s["oneOf"][0]["enum"], row["values"]) << key;
      EXPECT_EQ(s["oneOf"][1]["minimum"], row["min"]) << key;
      EXPECT_EQ(s["oneOf"][1]["maximum"], row["max"]) << key;
    } else if (row.contains("values")) {
      EXPECT_EQ(s["enum"], row["values"]) << key;
    } else if (row.contains("min")) {
      EXPECT_EQ(s["type"], row["type"]) << key;
      EXPECT_EQ(s["minimum"].get<double>(), row["min"].get<double>()) << key;
      EXPECT_EQ(s["maximum"].get<double>(), row["max"].get<double>()) << key;
    } else {
      EXPECT_EQ(s["type"], row["type"]) << key;
    }
  }
}

// The tunables, lab and workload parts of schema.json are what the components' option tables
// generate (`harness schema > scenarios/schema.json` regenerates them).
TEST(ScenarioSchema, GeneratedPartsMatchTheFile) {
  const json file = schema();
  const json generated = with_generated_schema_parts(file);
  EXPECT_EQ(file["properties"]["tunables"], generated["properties"]["tunables"])
      << "run `harness schema > scenarios/schema.json`";
  EXPECT_EQ(file["$defs"]["lab"], generated["$defs"]["lab"]);
  EXPECT_EQ(file["$defs"]["workload"], generated["$defs"]["workload"]);
  EXPECT_EQ(file, generated);
}

// A table change shows in the generated schema (the comparison above can fail).
TEST(ScenarioSchema, GeneratedPartsFollowTheTables) {
  const json generated = with_generated_schema_parts(schema());
  const json token = generated["properties"]["tunables"]["properties"]["corosync"]["properties"]["token_ms"];
  EXPECT_EQ(token["minimum"], 200);
  EXPECT_EQ(token["default"], CorosyncOptions{}.token_ms);
  EXPECT_EQ(generated["$defs"]["lab"]["properties"]["target_driver"]["enum"],
            json::array({"lio", "scst"}));
  // The target table's rule across fields: no transition delay but LIO's.
  EXPECT_EQ(generated["$defs"]["lab"]["then"]["properties"]["alua_transition_delay_ms"]["const"], 0);
  EXPECT_EQ(generated["$defs"]["workload"]["then"]["properties"]["verify"]["const"], "none");
}

TEST(ScenarioSchema, FaultKindsMatchTheRegistry) {
  const json doc = schema();  // a temporary in the range-for would die before the loop
  std::set<std::string> in_schema;
  for (const auto& alt : doc["$defs"]["step"]["oneOf"]) {
    if (alt["properties"].contains("fault")) in_schema.insert(alt["properties"]["fault"]["const"]);
  }
  std::set<std::string> registered;
  for (auto name : fault_kind_names(fault_step_rules())) registered.emplace(name);
  EXPECT_EQ(in_schema, registered);
}

// The whole step part (every kind, its targets, its keys, which are required, their values)
// is what the registry generates: a new or changed fault kind fails here until
// `cmake --build build --target update_schema` has rewritten it.
TEST(ScenarioSchema, StepPartIsGeneratedFromTheRegistry) {
  const json in_file = schema()["$defs"]["step"];
  const json generated = json::parse(step_schema(fault_step_rules()).dump());
  EXPECT_EQ(in_file, generated)
      << "scenarios/schema.json is stale: cmake --build build --target update_schema\n"
      << "generated: " << generated.dump(2);
}

// The check above can fail: a key dropped from one kind is a difference.
TEST(ScenarioSchema, StepPartComparisonSeesAMissingKey) {
  json changed = schema()["$defs"]["step"];
  for (auto& alt : changed["oneOf"])
    if (alt["properties"].contains("ring")) alt["properties"].erase("ring");
  EXPECT_NE(changed, json::parse(step_schema(fault_step_rules()).dump()));
}

// The page's table is the one the tables generate (`harness tunables --markdown`).
TEST(ScenarioSchema, DocsShowTheGeneratedTunablesTable) {
  const std::string doc = slurp(fs::path(HARNESS_SOURCE_DIR) / "docs/SCENARIO-FORMAT.md");
  EXPECT_NE(doc.find(tunables_markdown()), std::string::npos)
      << "run `harness tunables --markdown` and paste it into docs/SCENARIO-FORMAT.md:\n"
      << tunables_markdown();
}

TEST(ScenarioSchema, DocsListEveryTunable) {
  const std::string doc = slurp(fs::path(HARNESS_SOURCE_DIR) / "docs/SCENARIO-FORMAT.md");
  ASSERT_FALSE(doc.empty());
  for (const auto& row : tunables_table()) {
    EXPECT_NE(doc.find("`" + row["key"].get<std::string>() + "`"), std::string::npos) << row["key"];
  }
}

}  // namespace
}  // namespace harness
