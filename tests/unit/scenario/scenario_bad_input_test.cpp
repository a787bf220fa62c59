// One file per kind of bad scenario (tests/data/scenarios/bad/): each must fail with a
// ScenarioError (exit status 2) whose message names the file, the JSON pointer (or LINE:COL)
// and says what was expected.
#include <filesystem>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "harness/core/errors.hpp"
#include "drivers/faults/load_scenario.hpp"
#include "harness/scenario/scenario.hpp"

namespace harness {
namespace {

struct BadCase {
  const char* file;   // under tests/data/scenarios/bad/
  const char* where;  // ": /json/pointer: " or ":LINE:COL: " (as it follows the file name)
  const char* says;   // a phrase the message must contain
};

const BadCase kCases[] = {
    {"invalid-json.json", ":3:", "invalid JSON"},
    {"empty.json", ": ", "found an empty file"},
    {"whitespace-only.json", ": ", "found an empty file"},
    {"binary-nul.json", ":3:14:", "binary data at byte 40 (0x00)"},
    {"invalid-utf8.json", ":3:", "binary data at byte"},
    {"deep-nesting.json", ":1:65:", "nested at most 64 levels"},
    {"not-an-object.json", ": ", "expected an object (a scenario"},
    {"number-overflow.json", ":9:", "number overflow parsing '1e400'"},
    {"duplicate-key.json", ": /workload/runtime_s: ", "found \"runtime_s\" twice"},
    {"unknown-top-key.json", ": /labs: ", "did you mean \"lab\"?"},
    {"unknown-tunable.json", ": /tunables/corosync/token: ", "corosync.token_ms"},
    {"unknown-tunable-section.json", ": /tunables/kernel: ", "one of the keys pacemaker, fence"},
    {"flat-tunable.json", ": /tunables/corosync.token_ms: ", "nested by component"},
    {"tunable-wrong-unit.json", ": /tunables/corosync/token_s: ",
     "expected a number of milliseconds (corosync.token_ms)"},
    {"tunable-out-of-range.json", ": /tunables/drbd/ping_timeout_ds: ", "from 1 to 300, found 0"},
    {"bad-no-path-retry.json", ": /tunables/multipath/no_path_retry: ", "\"queue\", \"fail\""},
    {"wrong-type.json", ": /lab/vcpus: ", "found \"2\" (a string)"},
    {"lab-out-of-range.json", ": /lab/memory_mib: ", "from 512 to 16384, found 128"},
    {"bad-uri.json", ": /lab/uri: ", "no spaces"},
    {"bad-image-name.json", ": /lab/image: ", "recipe name"},
    {"missing-name.json", ": /name: ", "found no such key"},
    {"missing-steps.json", ": /steps: ", "found no such key"},
    {"missing-fenced.json", ": /expect/fenced: ", "found no such key"},
    {"unknown-fault.json", ": /steps/0/fault: ", "\"link_cut\""},
    {"unknown-target.json", ": /steps/0/target: ", "found \"n3\""},
    {"node-kill-initiator.json", ": /steps/0/target: ", "found \"initiator\""},
    {"negative-time.json", ": /steps/0/at_s: ", ">= 0, found -1"},
    {"out-of-order.json", ": /steps/1/at_s: ", "expected a number >= 10 (not before the previous step), found 5"},
    {"heal-missing-step.json", ": /steps/1/heal: ", "earlier fault step (cut)"},
    {"heal-later-step.json", ": /steps/0/heal: ", "earlier fault step (there is none)"},
    {"heal-twice.json", ": /steps/2/heal: ", "already healed by /steps/1"},
    {"heal-self-healing.json", ": /steps/1/heal: ", "heals itself after duration_s = 5"},
    {"heal-of-heal.json", ": /steps/2/heal: ", "(a heal step)"},
    {"heal-same-time.json", ": /steps/1/at_s: ", "after the fault it heals"},
    {"fault-and-heal.json", ": /steps/0: ", "either \"fault\", \"heal\" or \"random\""},
    {"neither-fault-nor-heal.json", ": /steps/0/fault: ", "found none of them"},
    {"wrong-unit-key.json", ": /expect/path_switch_max_ms: ",
     "expected a number of seconds (path_switch_max_s)"},
    {"wrong-unit-string.json", ": /expect/path_switch_max_s: ",
     "expected a number of seconds (path_switch_max_s) > 0 and <= 3600, found \"30s\""},
    {"zero-threshold.json", ": /expect/path_switch_max_s: ", "> 0"},
    {"nics-mgmt.json", ": /steps/0/nics/0: ", "mgmt is never faulted"},
    {"nics-initiator-ring.json", ": /steps/0/nics/1: ", "found \"ring0\""},
    {"nics-duplicate.json", ": /steps/0/nics/1: ", "each entry once"},
    {"missing-option.json", ": /steps/0/nics: ", "found no such key"},
    {"option-not-allowed.json", ": /steps/0/ring: ", "no \"ring\" for a link_cut fault"},
    {"pause-without-duration.json", ": /steps/0/duration_s: ", "found no such key"},
    {"ring-out-of-range.json", ": /steps/0/ring: ", "from 0 to 1, found 2"},
    {"disk-error-bad-mode.json", ": /steps/0/mode: ", "\"flakey\" or \"discard\""},
    {"process-wrong-node.json", ": /steps/0/process: ", "found \"iscsid\""},
    {"process-unknown.json", ": /steps/0/process: ", "found \"drbd\""},
    {"step-after-runtime.json", ": /steps/1/at_s: ", "< 15 (inside workload.runtime_s)"},
    {"duration-past-runtime.json", ": /steps/0/duration_s: ", "must heal inside workload.runtime_s = 60"},
    {"duplicate-step-id.json", ": /steps/1/id: ", "also the id of /steps/0"},
    {"bad-step-id.json", ": /steps/0/id: ", "found \"Cut!\""},
    {"fenced-survivor-overlap.json", ": /expect/survivors/0: ", "not in expect.fenced"},
    {"fenced-initiator.json", ": /expect/fenced/0: ", "found \"initiator\""},
    {"integrity-unknown.json", ": /expect/integrity: ", "\"intact\" or \"any\""},
    {"io-errors-negative.json", ": /expect/io_errors_max: ", ">= 0, found -1"},
    {"workload-too-big.json", ": /workload/size: ", "at most 1023M"},
    {"read-only-verify.json", ": /workload/verify: ", "\"none\" for rw = randread"},
    {"bad-bs.json", ": /workload/bs: ", "found \"4kb\""},
    {"bad-rw.json", ": /workload/rw: ", "found \"random\""},
    {"runtime-too-long.json", ": /workload/runtime_s: ", "<= 3600, found 7200"},
    {"empty-description.json", ": /description: ", "non-empty"},
    {"random-window-reversed.json", ": /steps/0/random/at_s/1: ",
     "expected a number >= 30 (the upper bound of at_s, not below its lower bound), found 20"},
    {"random-duration-zero.json", ": /steps/0/random/duration_s/0: ", "> 0 and <= 3600, found 0"},
    {"random-no-faults.json", ": /steps/0/random/faults: ", "a list of 1 to 16 faults"},
    {"random-target-not-taken.json", ": /steps/0/random/targets/1: ",
     "(/steps/0/random/faults/1 is a node_kill fault, which takes active, standby, n1 or n2), "
     "found \"initiator\""},
    {"random-target-breaks-keys.json", ": /steps/0/random/targets/1: ",
     "the keys of /steps/0/random/faults/0 allow, found \"initiator\" (/steps/0/random/faults/0/nics/0: "},
    {"random-template-target.json", ": /steps/0/random/faults/0/target: ",
     "no target in a fault to draw when /steps/0/random/targets lists them"},
    {"random-template-no-target.json", ": /steps/0/random/faults/0/target: ", "found no such key"},
    {"random-overlaps-previous.json", ": /steps/1/random/at_s: ",
     "expected a window from >= 10 (not before the previous step), found [5, 20]"},
    {"random-before-window-end.json", ": /steps/1/at_s: ",
     "expected a number >= 20 (not before the previous step, which is drawn as late as that)"},
    {"random-past-runtime.json", ": /steps/0/random/duration_s: ",
     "expected durations < 40 (the fault must heal inside workload.runtime_s = 60, drawn as late "
     "as 20), found up to 45"},
    {"random-heal-self-healing.json", ": /steps/1/heal: ", "a random step whose drawn fault may heal itself"},
    {"random-heal-at-window-end.json", ": /steps/1/at_s: ",
     "expected a number > 20 (after the latest instant of the random fault it heals, /steps/0), found 20"},
    {"random-pause-without-duration.json", ": /steps/0/random/faults/0/duration_s: ",
     "a pause fault needs one, here or in /steps/0/random/duration_s"},
    {"random-with-at-s.json", ": /steps/0/at_s: ", "no at_s beside \"random\""},
};

std::filesystem::path bad_dir() { return std::filesystem::path(TEST_DATA_DIR) / "scenarios/bad"; }

class ScenarioBadInput : public ::testing::TestWithParam<BadCase> {};

TEST_P(ScenarioBadInput, FailsNamingFilePointerAndExpectation) {
  const BadCase& c = GetParam();
  const auto path = bad_dir() / c.file;
  ASSERT_TRUE(std::filesystem::exists(path)) << path;
  try {
    load_scenario(path);
    FAIL() << c.file << " was accepted";
  } catch (const ScenarioError& e) {
    const std::string msg = e.what();
    EXPECT_EQ(e.exit_code(), ExitCode::usage);
    // The file name, then the pointer or position right after it.
    EXPECT_NE(msg.find(path.string() + c.where), std::string::npos)
        << "message: " << msg << "\nwanted: " << path.string() + c.where;
    EXPECT_NE(msg.find(c.says), std::string::npos) << "message: " << msg << "\nwanted: " << c.says;
    // Exactly one problem per file: no cascade of follow-up errors.
    EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
  }
}

INSTANTIATE_TEST_SUITE_P(Scenario, ScenarioBadInput, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<BadCase>& info) {
                           std::string name = info.param.file;
                           name = name.substr(0, name.size() - 5);
                           for (char& ch : name) {
                             if (ch == '-') ch = '_';
                           }
                           return name;
                         });

// Every file in bad/ has a row above, so a new bad file cannot go untested.
TEST(ScenarioBadInputTable, CoversEveryFile) {
  std::set<std::string> listed;
  for (const auto& c : kCases) listed.insert(c.file);
  for (const auto& entry : std::filesystem::directory_iterator(bad_dir())) {
    EXPECT_TRUE(listed.count(entry.path().filename().string())) << entry.path();
  }
  EXPECT_EQ(listed.size(), std::size(kCases)) << "a file is listed twice";
}

}  // namespace
}  // namespace harness
