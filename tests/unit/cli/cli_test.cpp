// The CLI as a user meets it: the built binary, its exit codes and its messages.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "drivers/faults/fault_kinds.hpp"
#include "drivers/remote/process.hpp"
#include "harness/core/clock.hpp"
#include "harness/core/deadline.hpp"

namespace harness {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = HARNESS_SOURCE_DIR;

CommandResult harness_cli(std::vector<std::string> args, const fs::path& cwd = {}) {
  static auto clock = make_system_clock();
  args.insert(args.begin(), HARNESS_BINARY);
  ProcessOptions opts;
  opts.cwd = cwd;
  return run_process(args, Deadline::after(*clock, 60), {}, opts);
}

fs::path scratch_dir(const std::string& name) {
  auto dir = fs::temp_directory_path() / ("harness-cli-test-" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// A libvirt URI nobody answers: the run fails at provision without starting a VM (a unit test
// must never boot a lab), and still leaves a complete error report.
const char* const kDeadUri = "qemu+tcp://127.0.0.1:1/system";

TEST(Cli, HelpListsEverySubcommandAndExitsZero) {
  auto r = harness_cli({"--help"});
  EXPECT_EQ(r.exit_status, 0);
  for (const char* sub : {"run", "validate", "list", "report", "tunables", "faults"})
    EXPECT_NE(r.out.find(sub), std::string::npos) << sub << " missing from --help:\n" << r.out;
}

TEST(Cli, UnknownOptionIsAUsageError) {
  auto r = harness_cli({"validate", "--no-such-option", "x.json"});
  EXPECT_EQ(r.exit_status, 2);
}

TEST(Cli, NoSubcommandIsAUsageError) { EXPECT_EQ(harness_cli({}).exit_status, 2); }

TEST(Cli, ValidateAcceptsTheWholeCatalogue) {
  auto r = harness_cli({"validate", (kSource / "scenarios").string()});
  EXPECT_EQ(r.exit_status, 0) << r.err;
  EXPECT_NE(r.out.find("node-kill-active"), std::string::npos) << r.out;
}

TEST(Cli, ListAndValidateDefaultToTheShippedCatalogueFromAnyDirectory) {
  // build/harness finds the catalogue through the data directory, not the working directory.
  auto cwd = scratch_dir("elsewhere");
  auto list = harness_cli({"list"}, cwd);
  EXPECT_EQ(list.exit_status, 0) << list.err;
  EXPECT_NE(list.out.find("node-kill-active"), std::string::npos) << list.out;
  auto validate = harness_cli({"validate"}, cwd);
  EXPECT_EQ(validate.exit_status, 0) << validate.err;
  EXPECT_NE(validate.out.find((kSource / "scenarios" / "ring0-loss.json").string()), std::string::npos)
      << validate.out;
}

TEST(Cli, ValidateNamesFileAndJsonPathOfABadScenario) {
  auto dir = scratch_dir("bad");
  auto file = dir / "bad.json";
  {
    std::ifstream in(kSource / "scenarios" / "node-kill-active.json");
    std::string text((std::istreambuf_iterator<char>(in)), {});
    auto pos = text.find("\"path_switch_max_s\"");
    ASSERT_NE(pos, std::string::npos);
    text.replace(pos, std::string("\"path_switch_max_s\"").size(), "\"path_switch_max_ms\"");
    std::ofstream(file) << text;
  }
  auto r = harness_cli({"validate", file.string()});
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_NE(r.err.find(file.string()), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("/expect/path_switch_max_ms"), std::string::npos) << r.err;
}

TEST(Cli, ValidateMissingFileIsAUsageError) {
  auto r = harness_cli({"validate", "/nonexistent/scenario.json"});
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_NE(r.err.find("/nonexistent/scenario.json"), std::string::npos) << r.err;
}

TEST(Cli, TunablesPrintsDocumentedKeysWithDefaults) {
  auto r = harness_cli({"tunables"});
  EXPECT_EQ(r.exit_status, 0);
  for (const char* key : {"pacemaker.stonith_enabled", "fence.delay_s", "corosync.token_ms",
                          "multipath.polling_interval_s", "multipath.no_path_retry",
                          "iscsi.replacement_timeout_s", "iscsi.noop_out_interval_s",
                          "drbd.protocol"})
    EXPECT_NE(r.out.find(key), std::string::npos) << key;
}

// The help for faults comes from the registry: every kind and each of its keys, and the schema
// part as JSON with an alternative per kind between the heal step and the random step.
TEST(Cli, FaultsPrintsEveryRegisteredKindAndItsKeys) {
  auto r = harness_cli({"faults"});
  EXPECT_EQ(r.exit_status, 0);
  for (const FaultKind* k : fault_kinds()) {
    EXPECT_NE(r.out.find("\n" + std::string(k->step.name) + "\n"), std::string::npos) << k->step.name;
    for (const auto& o : k->step.options)
      EXPECT_NE(r.out.find("  " + std::string(o.key)), std::string::npos) << k->step.name << " " << o.key;
  }
  auto s = harness_cli({"faults", "--schema"});
  EXPECT_EQ(s.exit_status, 0);
  auto step = nlohmann::json::parse(s.out);
  ASSERT_EQ(step["oneOf"].size(), fault_kinds().size() + 2);
  EXPECT_TRUE(step["oneOf"].back()["properties"].contains("random")) << step["oneOf"].back().dump();
}

TEST(Cli, TunablesJsonIsTheTable) {
  auto r = harness_cli({"tunables", "--json"});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  const auto rows = nlohmann::json::parse(r.out);
  ASSERT_TRUE(rows.is_array());
  bool found = false;
  for (const auto& row : rows)
    if (row["key"] == "corosync.token_ms") found = row["default"] == 3000 && row["unit"] == "ms";
  EXPECT_TRUE(found) << r.out;
}

TEST(Cli, SchemaPrintsTheShippedSchemaUnchanged) {
  auto r = harness_cli({"schema"});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  std::ifstream in(kSource / "scenarios" / "schema.json");
  EXPECT_EQ(nlohmann::json::parse(r.out), nlohmann::json::parse(in));
}

// "scst" used to validate and then run LIO: a driver that does not exist is refused by both
// commands, naming file and key.
TEST(Cli, ValidateAndRunRefuseATargetDriverThatDoesNotExist) {
  auto dir = scratch_dir("tgt");
  auto file = dir / "tgt.json";
  {
    std::ifstream in(kSource / "scenarios" / "node-kill-active.json");
    auto doc = nlohmann::json::parse(in);
    doc["lab"]["target_driver"] = "tgt";
    std::ofstream(file) << doc.dump(2);
  }
  const auto validate = harness_cli({"validate", file.string()});
  // A dead URI: were the scenario accepted, the run would fail at provision, never boot a VM.
  const auto run = harness_cli({"--libvirt-uri", kDeadUri, "run", file.string(), "--out",
                                (dir / "runs").string()});
  for (const auto* r : {&validate, &run}) {
    EXPECT_EQ(r->exit_status, 2) << r->out << r->err;
    EXPECT_NE(r->err.find(file.string() +
                          ": /lab/target_driver: expected one of \"lio\" or \"scst\""),
              std::string::npos) << r->err;
  }
  EXPECT_FALSE(fs::exists(dir / "runs"));
}

TEST(Cli, ValidateAcceptsScst) {
  auto dir = scratch_dir("scst");
  auto file = dir / "scst.json";
  {
    std::ifstream in(kSource / "scenarios" / "node-kill-active.json");
    auto doc = nlohmann::json::parse(in);
    doc["lab"]["target_driver"] = "scst";
    std::ofstream(file) << doc.dump(2);
  }
  const auto validate = harness_cli({"validate", file.string()});
  EXPECT_EQ(validate.exit_status, 0) << validate.out << validate.err;
}

// Without a deployable system under test, run must say so and never report a pass; it still
// leaves a run directory whose reports show the error.

TEST(Cli, RunWithoutALabExitsThreeAndWritesAnErrorReport) {
  auto out = scratch_dir("runs");
  auto junit = out / "junit.xml";
  auto r = harness_cli({"--libvirt-uri", kDeadUri, "run",
                        (kSource / "scenarios" / "node-kill-active.json").string(), "--out",
                        out.string(), "--junit", junit.string(), "--seed", "7"});
  EXPECT_EQ(r.exit_status, 3) << r.out << r.err;
  EXPECT_EQ(r.out.find("PASS"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("cannot connect to libvirt at qemu+tcp://127.0.0.1:1/system"),
            std::string::npos) << r.out;
  EXPECT_NE(r.err.find("deploy: skipped"), std::string::npos) << r.err;
  ASSERT_TRUE(fs::is_symlink(out / "latest"));
  auto run_dir = out / fs::read_symlink(out / "latest");
  EXPECT_TRUE(fs::exists(run_dir / "result.json"));
  EXPECT_TRUE(fs::exists(run_dir / "history.jsonl"));
  EXPECT_TRUE(fs::exists(run_dir / "scenario.json"));
  std::ifstream in(junit);
  std::string xml((std::istreambuf_iterator<char>(in)), {});
  EXPECT_NE(xml.find("<error"), std::string::npos) << xml;
}

TEST(Cli, RunRejectsABadScenarioBeforeCreatingAnything) {
  auto out = scratch_dir("runs-bad");
  auto bad = out / "bad.json";
  std::ofstream(bad) << "{\"name\": 3}";
  auto r = harness_cli({"run", bad.string(), "--out", (out / "runs").string()});
  EXPECT_EQ(r.exit_status, 2);
  EXPECT_FALSE(fs::exists(out / "runs"));
}

TEST(Cli, ReportRerendersAStoredRunAndRechecksItsHistory) {
  auto out = scratch_dir("report");
  auto r = harness_cli({"--libvirt-uri", kDeadUri, "run",
                        (kSource / "scenarios" / "node-kill-active.json").string(), "--out",
                        out.string(), "--quiet"});
  ASSERT_EQ(r.exit_status, 3);
  auto run_dir = out / "latest";
  fs::remove(run_dir / "junit.xml");
  fs::remove(run_dir / "report.html");
  auto rep = harness_cli({"report", run_dir.string()});
  EXPECT_EQ(rep.exit_status, 3) << rep.err;  // the stored run's outcome, not a new one
  EXPECT_TRUE(fs::exists(run_dir / "junit.xml"));
  EXPECT_TRUE(fs::exists(run_dir / "report.html"));
  auto again = harness_cli({"report", "--recheck", run_dir.string()});
  EXPECT_EQ(again.exit_status, 3) << again.err;
}

}  // namespace
}  // namespace harness
