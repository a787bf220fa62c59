// The parallel helpers: every task runs, on its own thread (they can wait for each other), and
// the first failure is rethrown only once all have finished.
#include "drivers/parallel.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "harness/core/errors.hpp"

namespace harness {
namespace {

TEST(OnEachNode, RunsAllNodesAndRethrowsTheFirstFailureAfterAllFinished) {
  std::atomic<int> finished{0};
  try {
    on_each_node({"n1", "n2", "initiator"}, [&](const std::string& n) {
      if (n == "n2") throw LabError("n2 broke");
      ++finished;
    });
    FAIL() << "expected LabError";
  } catch (const LabError& e) {
    EXPECT_STREQ(e.what(), "n2 broke");
  }
  EXPECT_EQ(finished.load(), 2) << "the other nodes ran to the end";
}

TEST(InParallel, TasksRunAtTheSameTime) {
  // Each task waits (up to 5 s) for the other to have started: run one after the other, the
  // first would give up.
  std::mutex mu;
  std::condition_variable cv;
  int started = 0;
  std::atomic<int> met{0};
  auto task = [&] {
    std::unique_lock lock(mu);
    ++started;
    cv.notify_all();
    if (cv.wait_for(lock, std::chrono::seconds(5), [&] { return started == 2; })) ++met;
  };
  in_parallel({task, task});
  EXPECT_EQ(met.load(), 2);
}

TEST(InParallel, TheFirstFailureInTaskOrderWinsAfterEveryTaskEnded) {
  std::atomic<bool> slow_done{false};
  try {
    in_parallel({[&] {
                   std::this_thread::sleep_for(std::chrono::milliseconds(50));
                   slow_done = true;
                 },
                 [] { throw TimeoutError("second"); }, [] { throw LabError("third"); }});
    FAIL() << "expected an error";
  } catch (const TimeoutError& e) {
    EXPECT_STREQ(e.what(), "second");
  }
  EXPECT_TRUE(slow_done.load());
}

}  // namespace
}  // namespace harness
