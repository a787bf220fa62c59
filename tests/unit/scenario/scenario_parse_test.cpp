// Parsing of valid scenarios: defaults, typed values, step ids, the shipped catalogue, and how
// several problems in one file are reported.
#include <algorithm>
#include <filesystem>
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "drivers/faults/fault_kinds.hpp"
#include "drivers/faults/load_scenario.hpp"
#include "harness/core/errors.hpp"
#include "harness/scenario/scenario.hpp"
#include "harness/scenario/tunables.hpp"

namespace harness {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

json minimal() {
  return json::parse(R"({
    "name": "t", "description": "d",
    "steps": [{"at_s": 10, "id": "cut", "fault": "link_cut", "target": "active", "nics": ["san0"]},
              {"at_s": 20, "heal": "cut"}],
    "expect": {"path_switch_max_s": 20, "fenced": [], "survivors": ["initiator"]}})");
}

Scenario parse(const json& j) { return parse_scenario(j.dump(), "t.json"); }

std::string error_of(const json& j) {
  try {
    parse(j);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "(accepted)";
}

TEST(ScenarioParse, DefaultsAppliedWhenSectionsAreAbsent) {
  const Scenario sc = load_scenario(fs::path(TEST_DATA_DIR) / "scenarios/good/minimal.json");
  EXPECT_EQ(sc.name, "bad-example");
  EXPECT_EQ(tunables_to_json(sc.tunables), tunables_to_json(Tunables{}));
  const LabSpec lab;
  EXPECT_EQ(sc.lab.kind, lab.kind);
  EXPECT_EQ(sc.lab.uri, lab.uri);
  EXPECT_EQ(sc.lab.accel, lab.accel);
  EXPECT_EQ(sc.lab.memory_mib, lab.memory_mib);
  EXPECT_EQ(sc.lab.data_disk_mib, lab.data_disk_mib);
  const WorkloadSpec w;
  EXPECT_EQ(sc.workload.rw, w.rw);
  EXPECT_EQ(sc.workload.bs, w.bs);
  EXPECT_EQ(sc.workload.iodepth, w.iodepth);
  EXPECT_EQ(sc.workload.verify, w.verify);
  EXPECT_DOUBLE_EQ(sc.workload.runtime_s, 60);  // set in the file
  EXPECT_EQ(sc.expect.io_errors_max, 0);
  EXPECT_EQ(sc.expect.integrity, "intact");
  EXPECT_EQ(sc.file, fs::path(TEST_DATA_DIR) / "scenarios/good/minimal.json");
}

TEST(ScenarioParse, PartialSectionKeepsOtherDefaults) {
  json j = minimal();
  j["tunables"] = {{"corosync", {{"token_ms", 5000}}}, {"multipath", {{"no_path_retry", 12}}}};
  j["lab"] = {{"vcpus", 2}, {"accel", "tcg"}};
  const Scenario sc = parse(j);
  EXPECT_EQ(sc.tunables.corosync.token_ms, 5000);
  EXPECT_EQ(sc.tunables.multipath.no_path_retry, "12");
  EXPECT_EQ(sc.tunables.drbd.protocol, Tunables{}.drbd.protocol);
  EXPECT_EQ(sc.lab.vcpus, 2);
  EXPECT_EQ(sc.lab.accel, "tcg");
  EXPECT_EQ(sc.lab.memory_mib, LabSpec{}.memory_mib);
}

TEST(ScenarioParse, StepsAreTyped) {
  json j = minimal();
  j["steps"] = json::parse(R"([
    {"at_s": 5, "fault": "pause", "target": "n2", "duration_s": 2.5},
    {"at_s": 10, "id": "r", "fault": "ring_loss", "target": "standby", "ring": 1},
    {"at_s": 12, "fault": "disk_error", "target": "n1", "mode": "flakey"},
    {"at_s": 14, "fault": "process_kill", "target": "initiator", "process": "multipathd"},
    {"at_s": 30, "heal": "r"}])");
  const Scenario sc = parse(j);
  ASSERT_EQ(sc.steps.size(), 5u);
  EXPECT_EQ(sc.steps[0].id, "step0");  // no id: named after its index
  EXPECT_EQ(sc.steps[0].fault->kind, "pause");
  EXPECT_DOUBLE_EQ(*sc.steps[0].fault->duration_s, 2.5);
  EXPECT_EQ(sc.steps[1].id, "r");
  EXPECT_EQ(sc.steps[1].fault->options.at("ring"), 1);
  EXPECT_FALSE(sc.steps[1].fault->duration_s);
  EXPECT_EQ(sc.steps[2].fault->options.at("mode"), "flakey");
  EXPECT_EQ(sc.steps[2].id, "step2");
  EXPECT_EQ(sc.steps[3].fault->options.at("process"), "multipathd");
  EXPECT_EQ(sc.steps[4].heals, "r");
  EXPECT_FALSE(sc.steps[4].fault);
  EXPECT_EQ(sc.steps[4].index, 4u);
  EXPECT_DOUBLE_EQ(sc.steps[4].at_s, 30);
}

TEST(ScenarioParse, IntegralFloatIsAnInteger) {
  json j = minimal();
  j["lab"] = {{"vcpus", 2.0}};
  EXPECT_EQ(parse(j).lab.vcpus, 2);
  j["lab"] = {{"vcpus", 2.5}};
  EXPECT_NE(error_of(j).find("/lab/vcpus: expected an integer number of vCPUs from 1 to 8, found 2.5"),
            std::string::npos);
}

TEST(ScenarioParse, ReportsEveryProblemAtOnce) {
  json j = minimal();
  j["lab"] = {{"vcpus", 0}};
  j["workload"] = {{"iodepth", 1000}};
  j["expect"]["integrity"] = "mostly";
  const std::string msg = error_of(j);
  EXPECT_NE(msg.find("t.json: /lab/vcpus: "), std::string::npos) << msg;
  EXPECT_NE(msg.find("t.json: /workload/iodepth: "), std::string::npos) << msg;
  EXPECT_NE(msg.find("t.json: /expect/integrity: "), std::string::npos) << msg;
  EXPECT_EQ(std::count(msg.begin(), msg.end(), '\n'), 2) << msg;
}

TEST(ScenarioParse, ManyProblemsAreCappedAndCounted) {
  json j = minimal();
  for (int i = 0; i < 1000; ++i) j["lab"]["k" + std::to_string(i)] = i;
  const std::string msg = error_of(j);
  EXPECT_EQ(std::count(msg.begin(), msg.end(), '\n'), 20) << msg.substr(0, 500);
  EXPECT_NE(msg.find("... and 980 more problems"), std::string::npos);
}

TEST(ScenarioParse, UnknownKeyListsValidKeys) {
  json j = minimal();
  j["workload"] = {{"depth", 4}};
  const std::string msg = error_of(j);
  EXPECT_NE(msg.find("/workload/depth: expected one of the keys engine, rw, bs, size, iodepth"),
            std::string::npos)
      << msg;
}

TEST(ScenarioParse, KeysWithSlashAreEscapedInPointers) {
  json j = minimal();
  j["lab"] = {{"a/b~c", 1}};
  EXPECT_NE(error_of(j).find("t.json: /lab/a~1b~0c: "), std::string::npos);
}

TEST(ScenarioParse, CrossSectionChecksWaitForCleanSections) {
  // A bad runtime must not also produce "step after the runtime" errors.
  json j = minimal();
  j["workload"] = {{"runtime_s", -5}};
  const std::string msg = error_of(j);
  EXPECT_NE(msg.find("/workload/runtime_s"), std::string::npos);
  EXPECT_EQ(msg.find("/steps/"), std::string::npos) << msg;
}

TEST(ScenarioParse, SchemaKeyIsAllowed) {
  json j = minimal();
  j["$schema"] = "schema.json";
  EXPECT_NO_THROW(parse(j));
}

TEST(ScenarioParse, FaultKindNamesAreFoundInTheRegistry) {
  for (auto name : {"link_cut", "ring_loss", "node_kill", "split_brain", "disk_error", "pause",
                    "process_kill"}) {
    ASSERT_NE(find_fault_kind(fault_step_rules(), name), nullptr) << name;
    EXPECT_EQ(find_fault_kind(fault_step_rules(), name)->name, name);
  }
  EXPECT_FALSE(find_fault_kind(fault_step_rules(), "nuke"));
  EXPECT_FALSE(find_fault_kind(fault_step_rules(), ""));
}

TEST(ScenarioParse, RolesAndNodeNames) {
  EXPECT_TRUE(is_role("active"));
  EXPECT_TRUE(is_role("standby"));
  EXPECT_TRUE(is_role("initiator"));
  EXPECT_FALSE(is_role("n1"));
  EXPECT_TRUE(is_node_name("n1"));
  EXPECT_TRUE(is_node_name("n2"));
  EXPECT_TRUE(is_node_name("initiator"));
  EXPECT_FALSE(is_node_name("active"));
  EXPECT_FALSE(is_node_name("n3"));
}

std::vector<fs::path> json_files(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".json" && e.path().filename() != "schema.json") {
      out.push_back(e.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(ScenarioCatalogue, EveryShippedScenarioParses) {
  const fs::path root = HARNESS_SOURCE_DIR;
  std::size_t n = 0;
  for (const auto& dir : {root / "scenarios", root / "scenarios/reference-stack",
                          root / "tests/integration/scenarios"}) {
    for (const auto& f : json_files(dir)) {
      ++n;
      try {
        const Scenario sc = load_scenario(f);
        EXPECT_EQ(sc.name, f.stem().string()) << "name must match the file name";
        EXPECT_FALSE(sc.steps.empty()) << f;
      } catch (const ScenarioError& e) {
        ADD_FAILURE() << e.what();
      }
    }
  }
  EXPECT_GE(n, 15u);
}

TEST(ScenarioCatalogue, CoversEveryFaultType) {
  std::set<std::string> seen;
  for (const auto& f : json_files(fs::path(HARNESS_SOURCE_DIR) / "scenarios")) {
    for (const auto& s : load_scenario(f).steps) {
      if (s.fault) seen.insert(s.fault->kind);
    }
  }
  std::set<std::string> kinds;
  for (auto name : fault_kind_names(fault_step_rules())) kinds.emplace(name);
  EXPECT_EQ(seen, kinds);
}

// scenarios/reference-stack/ (issue 19's matrix, outside the nightly catalogue because its SCST
// cells need an image built from the user's source): node-kill-active and split-brain for each
// target driver and each fence agent, each file the catalogue's own scenario with only the
// name, description, lab and fence.agent changed, so a catalogue change is not silently missed.
TEST(ScenarioCatalogue, TheReferenceStackMatrixCoversEveryDriverAndAgentAndFollowsTheCatalogue) {
  const fs::path root = HARNESS_SOURCE_DIR;
  std::set<std::string> drivers, agents;
  std::size_t n = 0;
  for (const auto& f : json_files(root / "scenarios/reference-stack")) {
    const Scenario sc = load_scenario(f);
    ++n;
    drivers.insert(sc.lab.target_driver);
    agents.insert(sc.tunables.fence.agent);
    const std::string base = sc.name.rfind("node-kill-active-", 0) == 0 ? "node-kill-active" : "split-brain";
    ASSERT_EQ(sc.name.rfind(base + "-", 0), 0u) << sc.name;
    Scenario original = load_scenario(root / "scenarios" / (base + ".json"));
    original.tunables.fence.agent = sc.tunables.fence.agent;
    EXPECT_EQ(tunables_to_json(sc.tunables), tunables_to_json(original.tunables)) << f;
    EXPECT_EQ(sc.steps.size(), original.steps.size()) << f;
    EXPECT_EQ(sc.workload.runtime_s, original.workload.runtime_s) << f;
    if (sc.lab.target_driver == "scst") EXPECT_EQ(sc.lab.image, "scst") << f;
  }
  EXPECT_EQ(n, 8u);
  EXPECT_EQ(drivers, (std::set<std::string>{"lio", "scst"}));
  EXPECT_EQ(agents, (std::set<std::string>{"fence_virsh", "fence_xvm", "external/libvirt", "fence_ipmilan"}));
}

TEST(ScenarioCatalogue, NegativeControlsDifferFromTheReferenceInTunables) {
  // Each negative control changes the system under test, not the expectations' shape.
  for (const auto& f : json_files(fs::path(HARNESS_SOURCE_DIR) / "tests/integration/scenarios")) {
    const Scenario sc = load_scenario(f);
    // ...or a disk that lies (disk_error mode discard): the broken part is the storage itself.
    const bool lying_disk = std::any_of(sc.steps.begin(), sc.steps.end(), [](const Step& s) {
      return s.fault && s.fault->kind == "disk_error" && s.fault->option_string("mode") == "discard";
    });
    if (!lying_disk) EXPECT_NE(tunables_to_json(sc.tunables), tunables_to_json(Tunables{})) << f;
    EXPECT_NE(sc.description.find("NEGATIVE CONTROL"), std::string::npos) << f;
    EXPECT_NE(sc.description.find("must FAIL"), std::string::npos) << f;
  }
}

}  // namespace
}  // namespace harness
