// `harness validate` (the scenario parser) and `harness run` (the drivers' checks when they are
// built: the renderers, the target driver, fio's layout) must give the same verdict for every
// value. Each tunable is tried at its boundaries and just outside them, in a scenario file and
// in a struct built in code.
#include <fstream>
#include <sstream>
#include <variant>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "drivers/fio/fio_job.hpp"
#include "drivers/sut/alua_cluster.hpp"
#include "harness/core/errors.hpp"
#include "drivers/faults/load_scenario.hpp"
#include "harness/scenario/scenario.hpp"
#include "harness/scenario/tunables.hpp"

namespace harness {
namespace {

using nlohmann::json;

json catalogue_scenario() {
  std::ifstream in(std::string(HARNESS_SOURCE_DIR) + "/scenarios/node-kill-active.json");
  std::stringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str());
}

bool parses(const json& doc) {
  try {
    (void)parse_scenario(doc.dump(), "x.json");
    return true;
  } catch (const ScenarioError&) {
    return false;
  }
}

// Sets `key` ("corosync.token_ms") in `t` as code would, without any check. False when the
// member cannot hold `v` (1.5 in an int): that value only exists in files.
bool set_unchecked(Tunables& t, const std::string& key, const json& v) {
  bool ok = false;
  for_each_tunable_section(t, [&](const auto& table, auto& opts) {
    for (const auto& row : table.rows) {
      if (std::string(table.section) + "." + std::string(row.desc.key) != key) continue;
      std::visit(
          [&](auto member) {
            auto& f = opts.*member;
            using V = std::decay_t<decltype(f)>;
            if constexpr (std::is_same_v<V, bool>) {
              if ((ok = v.is_boolean())) f = v.get<bool>();
            } else if constexpr (std::is_same_v<V, std::string>) {
              f = v.is_string() ? v.get<std::string>() : v.dump();
              ok = true;
            } else if constexpr (std::is_same_v<V, int>) {
              if ((ok = v.is_number_integer())) f = v.get<int>();
            } else {
              if ((ok = v.is_number())) f = v.get<double>();
            }
          },
          row.field);
    }
  });
  return ok;
}

bool runs(const Tunables& t) {
  try {
    AluaCluster::check_tunables(t);
    return true;
  } catch (const ScenarioError&) {
    return false;
  }
}

struct Probe {
  json value;
  bool valid;
};

std::vector<Probe> probes(const json& row) {
  std::vector<Probe> out;
  const std::string type = row["type"];
  if (type == "boolean") return {{true, true}, {false, true}, {"yes", false}};
  if (row.contains("values")) {
    for (const auto& v : row["values"]) out.push_back({v, true});
    out.push_back({"no-such-value", false});
  }
  if (row.contains("min")) {
    const bool whole = type != "number";
    const double step = whole ? 1 : 0.5;
    auto num = [&](double d) { return whole ? json(static_cast<std::int64_t>(d)) : json(d); };
    const double lo = row["min"].get<double>(), hi = row["max"].get<double>();
    out.push_back({num(lo), true});
    out.push_back({num(hi), true});
    out.push_back({num(lo - step), false});
    out.push_back({num(hi + step), false});
    if (whole) out.push_back({lo + 0.5, false});  // whole numbers only: never truncated
  }
  return out;
}

TEST(OptionAgreement, ValidateAndRunAgreeOnEveryTunablesBoundaries) {
  const json base = catalogue_scenario();
  int compared = 0;
  for (const auto& row : tunables_table()) {
    const std::string key = row["key"];
    const auto dot = key.find('.');
    for (const auto& p : probes(row)) {
      json doc = base;
      doc["tunables"][key.substr(0, dot)][key.substr(dot + 1)] = p.value;
      const bool validated = parses(doc);
      EXPECT_EQ(validated, p.valid) << "validate: " << key << " = " << p.value;
      Tunables t;
      if (!set_unchecked(t, key, p.value)) continue;
      EXPECT_EQ(runs(t), validated) << "run vs validate: " << key << " = " << p.value;
      ++compared;
    }
  }
  EXPECT_GT(compared, 80);
}

// no_path_retry 0 passed validate and then failed the run at the renderer.
TEST(OptionAgreement, NoPathRetryZeroValidatesAndRuns) {
  json doc = catalogue_scenario();
  doc["tunables"]["multipath"]["no_path_retry"] = 0;
  const Scenario sc = parse_scenario(doc.dump(), "x.json");
  EXPECT_NO_THROW(AluaCluster::check_tunables(sc.tunables, sc.lab));
}

// fio's rules across fields: the parser and the job renderer judge a workload the same way.
TEST(OptionAgreement, ValidateAndFioAgreeOnWorkloads) {
  const json base = catalogue_scenario();
  const std::vector<json> workloads = {
      json::object(),
      {{"bs", "1m"}, {"numjobs", 16}, {"size", "8M"}},  // a slice smaller than a block
      {{"bs", "1m"}, {"numjobs", 8}, {"size", "8M"}},
      {{"rw", "randread"}, {"verify", "crc32c"}},
      {{"rw", "randread"}, {"verify", "none"}},
      {{"runtime_s", 3600}, {"bs", "16m"}, {"size", "16m"}},
  };
  for (const auto& w : workloads) {
    json doc = base;
    doc["workload"] = w;
    doc["workload"]["runtime_s"] = w.value("runtime_s", 60);
    doc["steps"] = json::array();
    doc["expect"] = {{"path_switch_max_s", 30}, {"fenced", json::array()},
                     {"survivors", json::array()}};
    bool validated = true, rendered = true;
    WorkloadSpec spec;
    try {
      spec = parse_scenario(doc.dump(), "x.json").workload;
    } catch (const ScenarioError&) {
      validated = false;
    }
    if (!validated) {  // build the same spec in code
      spec = WorkloadSpec{};
      if (w.contains("bs")) spec.bs = w["bs"];
      if (w.contains("numjobs")) spec.numjobs = w["numjobs"];
      if (w.contains("size")) spec.size = w["size"];
      if (w.contains("rw")) spec.rw = w["rw"];
      if (w.contains("verify")) spec.verify = w["verify"];
      if (w.contains("runtime_s")) spec.runtime_s = w["runtime_s"];
    }
    try {
      (void)fio_layout(spec);
    } catch (const ScenarioError&) {
      rendered = false;
    }
    EXPECT_EQ(validated, rendered) << w;
  }
}

// lab.target_driver reaches the cluster: a driver that does not exist is refused by both.
TEST(OptionAgreement, TargetDriverIsCheckedByValidateAndByTheCluster) {
  json doc = catalogue_scenario();
  doc["lab"]["target_driver"] = "tgt";
  try {
    (void)parse_scenario(doc.dump(), "x.json");
    ADD_FAILURE() << "tgt validated";
  } catch (const ScenarioError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("x.json: /lab/target_driver: expected one of \"lio\" or \"scst\""),
              std::string::npos)
        << msg;
  }
  TargetOptions tgt;
  tgt.target_driver = "tgt";
  EXPECT_THROW(AluaCluster::check_tunables(Tunables{}, tgt), ScenarioError);
  for (const char* driver : {"lio", "scst"}) {
    doc["lab"]["target_driver"] = driver;
    const Scenario sc = parse_scenario(doc.dump(), "x.json");
    EXPECT_EQ(sc.lab.target_driver, driver);
    EXPECT_NO_THROW(AluaCluster::check_tunables(sc.tunables, sc.lab)) << driver;
  }
}

// The transition delay is LIO's: with SCST both refuse it, naming the key.
TEST(OptionAgreement, TransitionDelayIsLiosOnly) {
  json doc = catalogue_scenario();
  doc["lab"]["target_driver"] = "scst";
  doc["lab"]["alua_transition_delay_ms"] = 3000;
  try {
    (void)parse_scenario(doc.dump(), "x.json");
    ADD_FAILURE() << "scst with a transition delay validated";
  } catch (const ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("x.json: /lab/alua_transition_delay_ms: expected 0 with "
                                         "target_driver \"scst\""),
              std::string::npos)
        << e.what();
  }
  TargetOptions scst{"scst", 3000};
  EXPECT_THROW(AluaCluster::check_tunables(Tunables{}, scst), ScenarioError);
  doc["lab"]["target_driver"] = "lio";
  EXPECT_NO_THROW((void)parse_scenario(doc.dump(), "x.json"));
  EXPECT_NO_THROW(AluaCluster::check_tunables(Tunables{}, TargetOptions{"lio", 3000}));
}

}  // namespace
}  // namespace harness
