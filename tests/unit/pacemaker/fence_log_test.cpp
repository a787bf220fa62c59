// Pacemaker's fencing log lines, on the journal lines of a recorded node-kill run
// (tests/data/histories/node_kill_fence_log.jsonl: n2 fences n1 with `off`, 5 s delay).
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "drivers/pacemaker/events.hpp"
#include "harness/core/history.hpp"

namespace harness {
namespace {

struct Parsed {
  std::string message;
  FenceLogLine line;
};

std::vector<Parsed> recorded_steps() {
  const auto h = History::load(std::filesystem::path(TEST_DATA_DIR) / "histories" /
                               "node_kill_fence_log.jsonl");
  std::vector<Parsed> out;
  for (const auto& e : h.events()) {
    if (e.kind != EventKind::observation || e.what != "log") continue;
    const std::string unit = e.data.at("unit"), message = e.data.at("message");
    if (auto l = parse_fence_log(unit, message)) out.push_back({message, *l});
  }
  return out;
}

// Of the 57 controller and fencer lines in the window, exactly these six tell the fencing;
// "Peer n1 was terminated", the echo "Requesting peer fencing" and the resource operations
// ("Requesting local execution of ...") are not steps.
TEST(FenceLog, RecordedNodeKillGivesTheSixSteps) {
  const auto steps = recorded_steps();
  ASSERT_EQ(steps.size(), 6u);
  for (const auto& s : steps) EXPECT_EQ(s.line.target, "n1") << s.message;

  EXPECT_EQ(steps[0].line.step, FenceLogStep::peer_lost);

  EXPECT_EQ(steps[1].line.step, FenceLogStep::requested);
  EXPECT_EQ(steps[1].line.action, "off");
  EXPECT_TRUE(steps[1].line.decision) << "pacemaker-controld's line is the decision";

  EXPECT_EQ(steps[2].line.step, FenceLogStep::requested);
  EXPECT_FALSE(steps[2].line.decision) << "the fencer's 'wants to fence' echoes it";

  EXPECT_EQ(steps[3].line.step, FenceLogStep::delayed);
  EXPECT_EQ(steps[3].line.delay_s, 5);
  EXPECT_EQ(steps[3].line.device, "fence-n1");
  EXPECT_EQ(steps[3].line.action, "off");

  EXPECT_EQ(steps[4].line.step, FenceLogStep::agent_done);
  EXPECT_TRUE(steps[4].line.ok);
  EXPECT_EQ(steps[4].line.device, "fence-n1");

  EXPECT_EQ(steps[5].line.step, FenceLogStep::result);
  EXPECT_TRUE(steps[5].line.ok);
  EXPECT_EQ(steps[5].line.executioner, "n2");
  EXPECT_EQ(steps[5].line.origin, "n2");
}

// Pacemaker 3.0 (Debian 13) words the controller's request "targeting node n1" and its result
// "OK (Done)": the same six steps from n2's journal of node-kill-active on the trixie image
// (tests/data/tools/trixie/journal_fencing.n2.txt, `journalctl -o short-precise` lines of
// pacemaker-controld and pacemaker-fenced around the fencing, monitor lines left out).
TEST(FenceLog, Pacemaker3WordingGivesTheSameSteps) {
  std::ifstream in(std::filesystem::path(TEST_DATA_DIR) / "tools" / "trixie" /
                   "journal_fencing.n2.txt");
  ASSERT_TRUE(in);
  std::vector<FenceLogLine> steps;
  for (std::string line; std::getline(in, line);) {
    // "Dec 07 21:45:04.149862 n2 pacemaker-controld[499]:  notice: ..."
    const auto host_end = line.find(' ', 23);
    const auto pid = line.find('[', host_end);
    const auto colon = line.find("]:", pid);
    ASSERT_NE(colon, std::string::npos) << line;
    const std::string unit = line.substr(host_end + 1, pid - host_end - 1);
    if (auto l = parse_fence_log(unit, line.substr(colon + 2))) steps.push_back(*l);
  }
  ASSERT_EQ(steps.size(), 6u);
  EXPECT_EQ(steps[0].step, FenceLogStep::peer_lost);
  EXPECT_EQ(steps[1].step, FenceLogStep::requested);
  EXPECT_TRUE(steps[1].decision);
  EXPECT_EQ(steps[1].target, "n1");
  EXPECT_EQ(steps[1].action, "off");
  EXPECT_EQ(steps[2].step, FenceLogStep::requested);
  EXPECT_FALSE(steps[2].decision);
  EXPECT_EQ(steps[3].step, FenceLogStep::delayed);
  EXPECT_EQ(steps[3].delay_s, 5);
  EXPECT_EQ(steps[4].step, FenceLogStep::agent_done);
  EXPECT_TRUE(steps[4].ok);
  EXPECT_EQ(steps[5].step, FenceLogStep::result);
  EXPECT_TRUE(steps[5].ok);
  EXPECT_EQ(steps[5].origin, "n2");
}

// The same shapes when things go wrong, written as Pacemaker 2.1.5 formats them.
TEST(FenceLog, FailuresAreStepsThatDidNotSucceed) {
  auto agent = parse_fence_log(
      "pacemaker-fenced",
      " error: Operation 'reboot' [901] targeting n2 using fence-n2 returned 1 (Unable to connect)");
  ASSERT_TRUE(agent);
  EXPECT_EQ(agent->step, FenceLogStep::agent_done);
  EXPECT_FALSE(agent->ok);
  auto timeout = parse_fence_log(
      "pacemaker-fenced",
      " error: Operation 'reboot' [901] targeting n2 using fence-n2 could not be executed: Timed Out");
  ASSERT_TRUE(timeout);
  EXPECT_FALSE(timeout->ok);
  auto result = parse_fence_log("pacemaker-fenced",
                                " error: Operation 'reboot' targeting n2 by n1 for "
                                "pacemaker-controld.412@n1: Timeout (Fence agent did not complete)");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->step, FenceLogStep::result);
  EXPECT_FALSE(result->ok);
  EXPECT_EQ(result->origin, "n1");
  EXPECT_EQ(result->target, "n2");
}

TEST(FenceLog, OtherUnitsAndShapesAreNotSteps) {
  // The right words from the wrong daemon: only the controller decides, only the fencer runs.
  EXPECT_FALSE(parse_fence_log("pacemaker-fenced", " notice: Requesting fencing (off) of node n1"));
  EXPECT_FALSE(parse_fence_log("pacemaker-attrd", " notice: Node n1 state is now lost"));
  EXPECT_FALSE(parse_fence_log("pacemaker-controld", " notice: Node n1 state is now member"));
  EXPECT_FALSE(parse_fence_log("pacemaker-fenced", " notice: Delaying 'off' action targeting n1"));
  EXPECT_FALSE(parse_fence_log("pacemaker-fenced", " notice: Operation 'off' targeting n1 by n2"));
}

}  // namespace
}  // namespace harness
