// The tunables table: every Tunables field is a documented key, each key writes its own field,
// values are range-checked in the unit their name says, and the help prints them all.
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "harness/core/errors.hpp"
#include "drivers/faults/load_scenario.hpp"
#include "harness/scenario/scenario.hpp"
#include "harness/scenario/tunables.hpp"

namespace harness {
namespace {

using nlohmann::json;

json with_tunables(const json& tunables) {
  json j = json::parse(R"({"name": "t", "description": "d", "steps": [],
    "expect": {"path_switch_max_s": 20, "fenced": [], "survivors": []}})");
  j["tunables"] = tunables;
  return j;
}

Tunables parse_tunables(const json& tunables) {
  return parse_scenario(with_tunables(tunables).dump(), "t.json").tunables;
}

std::string error_of(const json& tunables) {
  try {
    parse_tunables(tunables);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "(accepted)";
}

std::pair<std::string, std::string> split(const std::string& key) {
  const auto dot = key.find('.');
  return {key.substr(0, dot), key.substr(dot + 1)};
}

// A valid value different from the default, derived from the table itself.
json other_value(const json& row) {
  const json& def = row["default"];
  if (row.contains("values")) {
    for (const auto& v : row["values"]) {
      if (v != def) return v;
    }
  }
  if (def.is_boolean()) return !def.get<bool>();
  if (row["type"] == "string|integer") return 7;
  const double lo = row["min"].get<double>();
  const double hi = row["max"].get<double>();
  if (row["type"] == "integer") {
    const auto d = def.get<std::int64_t>();
    return d + 1 <= hi ? d + 1 : d - 1;
  }
  const double d = def.get<double>();
  return d + 0.5 <= hi ? d + 0.5 : (d - 0.5 >= lo ? d - 0.5 : lo);
}

TEST(ScenarioTunables, EveryFieldHasOneKey) {
  const json table = tunables_table();
  EXPECT_EQ(table.size(), 19u);  // the number of fields in struct Tunables
  std::set<std::string> keys;
  for (const auto& row : table) keys.insert(row["key"].get<std::string>());
  EXPECT_EQ(keys.size(), table.size());
  for (const char* key : {"pacemaker.stonith_enabled", "fence.delay_s", "corosync.token_ms",
                          "multipath.polling_interval_s", "multipath.no_path_retry",
                          "iscsi.replacement_timeout_s", "iscsi.noop_out_interval_s",
                          "drbd.protocol", "drbd.ping_int_s", "drbd.timeout_ds", "drbd.ko_count"}) {
    EXPECT_TRUE(keys.count(key)) << key;
  }
}

TEST(ScenarioTunables, TableDefaultsAreTheStructDefaults) {
  const json defaults = tunables_to_json(Tunables{});
  for (const auto& row : tunables_table()) {
    const auto [section, name] = split(row["key"]);
    EXPECT_EQ(row["default"], defaults[section][name]) << row["key"];
  }
  EXPECT_EQ(defaults["corosync"]["token_ms"], 3000);
  EXPECT_EQ(defaults["multipath"]["no_path_retry"], "queue");
}

// Setting one key changes exactly that key's field: catches two rows wired to one field.
TEST(ScenarioTunables, EachKeyWritesItsOwnField) {
  const json defaults = tunables_to_json(Tunables{});
  for (const auto& row : tunables_table()) {
    const auto [section, name] = split(row["key"]);
    const json value = other_value(row);
    const json effective = tunables_to_json(parse_tunables({{section, {{name, value}}}}));
    json expected = defaults;
    expected[section][name] = value;
    EXPECT_EQ(effective, expected) << row["key"] << " = " << value;
  }
}

TEST(ScenarioTunables, RangesAreEnforced) {
  for (const auto& row : tunables_table()) {
    if (!row.contains("max")) continue;
    const auto [section, name] = split(row["key"]);
    const std::string pointer = "/tunables/" + section + "/" + name + ": ";
    const double above = row["max"].get<double>() + 1;
    EXPECT_NE(error_of({{section, {{name, above}}}}).find(pointer), std::string::npos) << row["key"];
    const double below = row["min"].get<double>() - 1;
    EXPECT_NE(error_of({{section, {{name, below}}}}).find(pointer), std::string::npos) << row["key"];
    EXPECT_NE(error_of({{section, {{name, "1"}}}}).find(pointer), std::string::npos) << row["key"];
  }
}

TEST(ScenarioTunables, NoPathRetry) {
  EXPECT_EQ(parse_tunables({{"multipath", {{"no_path_retry", "fail"}}}}).multipath.no_path_retry,
            "fail");
  EXPECT_EQ(parse_tunables({{"multipath", {{"no_path_retry", 0}}}}).multipath.no_path_retry, "0");
  for (const json& bad : {json("12"), json(-1), json(1.5), json(true), json("Queue")}) {
    const std::string msg = error_of({{"multipath", {{"no_path_retry", bad}}}});
    EXPECT_NE(msg.find("/tunables/multipath/no_path_retry: expected \"queue\", \"fail\" or an "
                       "integer"),
              std::string::npos)
        << bad << ": " << msg;
  }
}

TEST(ScenarioTunables, WholeSecondsWhereTheToolWantsThem) {
  // iscsid.conf and drbd.conf take whole seconds: 2.5 would be silently truncated downstream.
  EXPECT_NE(error_of({{"iscsi", {{"replacement_timeout_s", 2.5}}}}).find("an integer number of seconds"),
            std::string::npos);
  EXPECT_DOUBLE_EQ(parse_tunables({{"fence", {{"delay_s", 2.5}}}}).fence.delay_s, 2.5);
}

TEST(ScenarioTunables, FenceAgentIsOneOfTheFourWithTheChoicesInTheError) {
  for (const char* a : {"fence_virsh", "fence_xvm", "external/libvirt", "fence_ipmilan"})
    EXPECT_EQ(parse_tunables({{"fence", {{"agent", a}}}}).fence.agent, a);
  const std::string msg = error_of({{"fence", {{"agent", "fence_ipmi"}}}});
  EXPECT_NE(msg.find("/tunables/fence/agent: "), std::string::npos) << msg;
  for (const char* a : {"\"fence_virsh\"", "\"fence_xvm\"", "\"external/libvirt\"",
                        "\"fence_ipmilan\""})
    EXPECT_NE(msg.find(a), std::string::npos) << a << " missing from: " << msg;
}

TEST(ScenarioTunables, SectionMustBeAnObject) {
  EXPECT_NE(error_of({{"drbd", "C"}}).find("/tunables/drbd: expected an object (the drbd tunables)"),
            std::string::npos);
  EXPECT_NE(error_of(json::array()).find("/tunables: expected an object"), std::string::npos);
}

TEST(ScenarioTunables, HelpListsEveryKeyWithItsDefault) {
  const std::string help = tunables_help();
  for (const auto& row : tunables_table()) {
    EXPECT_NE(help.find(row["key"].get<std::string>()), std::string::npos) << row["key"];
  }
  EXPECT_NE(help.find("queue|fail|0..10000"), std::string::npos) << help;
  EXPECT_NE(help.find("200..60000 ms"), std::string::npos) << help;
}

}  // namespace
}  // namespace harness
