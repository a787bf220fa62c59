// The run's seed reaches fio: `harness run --seed N` prints N in every report, and fio's
// randseed must be that N, or two runs "with the same seed" issue different offsets.
#include <iostream>

#include <gtest/gtest.h>

#include "fakes/fake_lab.hpp"
#include "harness/cli/real_drivers.hpp"
#include "harness/core/clock.hpp"
#include "harness/core/deadline.hpp"
#include "harness/core/history.hpp"

namespace harness {
namespace {

// The load job the workload of a run with `seed` writes to the initiator.
std::string load_job_of_run(std::uint64_t seed) {
  VirtualClock clock;
  FailPlan plan;
  FakeLab lab(clock, plan);
  lab.provision(Deadline::after(clock, 60));
  FakeRemote& initiator = lab.fake_remote("initiator");
  initiator.respond({"multipathd", "show", "maps"}, CommandResult{0, "36001405abcdef\n", "", 0, 0});
  initiator.respond({"date"}, [&clock](const std::vector<std::string>&) {
    return CommandResult{0, std::to_string(clock.realtime_ns()) + "\n", "", 0, 0};
  });
  Scenario sc;
  auto workload = make_run_workload(
      lab, sc, seed, {"/var/tmp/harness-fio-seedtest", "/var/tmp/harness-ledger-seedtest", "", "run1"}, {});
  History history(HistoryHeader{"run1", clock.now_ns(), clock.realtime_ns(), {}});
  try {
    // The fake guest never runs fio: start() gets as far as writing the job, then fails.
    workload->start(history, Deadline::after(clock, 5));
  } catch (const Error& e) {
    std::cerr << "start: " << e.what() << "\n";
  }
  const auto& files = lab.fake_remote("initiator").files();
  const auto it = files.find("/var/tmp/harness-fio-seedtest/load.fio");
  return it == files.end() ? std::string() : it->second;
}

TEST(RunWorkload, TheRunsSeedIsFiosRandseed) {
  const std::string job = load_job_of_run(424242);
  ASSERT_FALSE(job.empty()) << "no load job written";
  EXPECT_NE(job.find("randseed=424242\n"), std::string::npos) << job;
}

TEST(RunWorkload, TheSameSeedGivesTheSameJobAndAnotherSeedAnother) {
  EXPECT_EQ(load_job_of_run(7), load_job_of_run(7));
  EXPECT_NE(load_job_of_run(7), load_job_of_run(8));
}

}  // namespace
}  // namespace harness
