// Plan execution: failures name node, command, status and stderr; may_fail is tolerated;
// wait_for polls until nothing is missing and says what was missing at the deadline.
#include "drivers/node_exec.hpp"

#include <vector>

#include <gtest/gtest.h>

#include "fakes/fake_remote.hpp"
#include "harness/core/errors.hpp"

namespace harness {
namespace {

TEST(RunPlan, StopsAtTheFirstFailureAndNamesNodeCommandStatusAndStderr) {
  VirtualClock clock;
  FailPlan plan;
  FakeRemote n1("n1", clock, plan);
  n1.respond({"drbdadm", "up"}, CommandResult{10, "", "r0: Failure: (104) Can not open backing device.\n"});
  std::vector<PlannedCommand> p = {{{"modprobe", "drbd"}, "module"},
                                   {{"drbdadm", "up", "r0"}, "attach"},
                                   {{"drbdadm", "primary", "r0"}, "primary"}};
  try {
    run_plan(n1, p, Deadline::after(clock, 10));
    FAIL() << "expected LabError";
  } catch (const LabError& e) {
    std::string m = e.what();
    EXPECT_NE(m.find("n1: `drbdadm up r0`: exit 10"), std::string::npos) << m;
    EXPECT_NE(m.find("Can not open backing device"), std::string::npos) << m;
    EXPECT_NE(m.find("(attach)"), std::string::npos) << m;
  }
  ASSERT_EQ(n1.calls().size(), 2u) << "nothing after the failed command runs";
}

TEST(RunPlan, MayFailCommandsDoNotStopThePlan) {
  VirtualClock clock;
  FailPlan plan;
  FakeRemote n1("n1", clock, plan);
  n1.respond({"dmsetup", "remove"}, CommandResult{1, "", "No such device"});
  auto results = run_plan(n1,
                          {{{"dmsetup", "remove", "harness-backing"}, "remove", true},
                           {{"true"}, "next"}},
                          Deadline::after(clock, 10));
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].exit_status, 1);
}

TEST(PutFiles, CreatesDirectoriesFirstThenTheFilesWithTheirModes) {
  VirtualClock clock;
  FailPlan plan;
  FakeRemote n1("n1", clock, plan);
  put_files(n1, {{"/etc/harness/x.xml", "<x/>", 0600}}, Deadline::after(clock, 10));
  ASSERT_FALSE(n1.calls().empty());
  EXPECT_EQ(n1.calls()[0].argv, (std::vector<std::string>{"mkdir", "-p", "--", "/etc/harness"}));
  EXPECT_EQ(n1.files().at("/etc/harness/x.xml"), "<x/>");
}

TEST(WaitFor, ReturnsAsSoonAsNothingIsMissing) {
  VirtualClock clock;
  int calls = 0;
  wait_for(Deadline::after(clock, 60), 1.0, "drbd", [&] {
    return ++calls < 3 ? std::string("at Connecting") : std::string();
  });
  EXPECT_EQ(calls, 3);
}

TEST(WaitFor, PollsHalfAsOftenOnceTheWaitIsLong) {
  VirtualClock clock;
  std::vector<double> at;
  const std::int64_t t0 = clock.now_ns();
  wait_for(Deadline::after(clock, 60), 1.0, "cluster", [&] {
    at.push_back(ns_to_seconds(clock.now_ns() - t0));
    return at.back() < 20 ? std::string("not yet") : std::string();
  });
  // 0..5 s every second, then every 2 s: 6 polls, then 7, 9, ..., 19, 21.
  ASSERT_EQ(at.size(), 14u);
  EXPECT_DOUBLE_EQ(at[5], 5.0);
  EXPECT_DOUBLE_EQ(at[6], 7.0);
  EXPECT_DOUBLE_EQ(at.back(), 21.0);
}

TEST(WaitFor, TimesOutNamingWhatWasStillMissing) {
  VirtualClock clock;
  try {
    wait_for(Deadline::after(clock, 5), 1.0, "DRBD resync",
             [&] { return std::string("n2 at \"SyncTarget Secondary/Primary\""); });
    FAIL() << "expected TimeoutError";
  } catch (const TimeoutError& e) {
    std::string m = e.what();
    EXPECT_NE(m.find("DRBD resync: still n2 at \"SyncTarget"), std::string::npos) << m;
    EXPECT_NE(m.find("after 5 s"), std::string::npos) << m;
  }
}

TEST(WaitFor, AnUnreachableNodeIsAnAnswerNotTheEnd) {
  VirtualClock clock;
  int calls = 0;
  wait_for(Deadline::after(clock, 60), 1.0, "rejoin", [&]() -> std::string {
    if (++calls < 3) throw LabError("n2: ssh: connect to host 10.213.0.12 port 22: No route");
    return {};
  });
  EXPECT_EQ(calls, 3);
}

TEST(WaitFor, AFailedPlanIsRetriedUntilItSucceeds) {
  // The deploy's DRBD promotion: the peer refuses while its own state change is in flight.
  VirtualClock clock;
  FailPlan plan;
  FakeRemote n1("n1", clock, plan);
  int refusals = 2;
  n1.respond({"drbdadm", "primary"}, [&](const std::vector<std::string>&) {
    if (refusals-- > 0)
      return CommandResult{11, "", "0: State change failed: (-10) State change was refused by peer node\n"};
    return CommandResult{0, "", ""};
  });
  std::vector<PlannedCommand> p = {{{"drbdadm", "primary", "r0"}, "primary"}};
  wait_for(Deadline::after(clock, 60), 1.0, "DRBD: n1 Primary", [&] {
    run_plan(n1, p, Deadline::after(clock, 10));
    return std::string();
  });
  EXPECT_EQ(n1.calls().size(), 3u);
}

TEST(WaitFor, AStopRequestEndsTheWaitAsInterrupted) {
  VirtualClock clock;
  std::stop_source stop;
  stop.request_stop();
  EXPECT_THROW(wait_for(Deadline::after(clock, 60, stop.get_token()), 1.0, "x",
                        [] { return std::string("missing"); }),
               Interrupted);
}

}  // namespace
}  // namespace harness
