#include <chrono>
#include <csignal>
#include <functional>
#include <future>

#include <boost/asio/steady_timer.hpp>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "harness/runner/io_thread.hpp"
#include "harness/runner/stop_control.hpp"

namespace harness {
namespace {

TEST(RunnerStopControl, FirstRequestStopsSecondAbortsAndEachSaysWhatHappensNext) {
  std::ostringstream log;
  StopControl stop(&log);
  auto stop_token = stop.stop_token();
  auto abort_token = stop.abort_token();
  EXPECT_FALSE(stop_token.stop_requested());

  EXPECT_EQ(stop.request("SIGINT"), 1);
  EXPECT_TRUE(stop_token.stop_requested());
  EXPECT_FALSE(abort_token.stop_requested());  // heals go on after the first one
  EXPECT_NE(log.str().find("SIGINT: stopping"), std::string::npos) << log.str();

  EXPECT_EQ(stop.request("SIGTERM"), 2);
  EXPECT_TRUE(abort_token.stop_requested());
  EXPECT_NE(log.str().find("SIGTERM again: aborting"), std::string::npos) << log.str();
  EXPECT_NE(log.str().find("teardown still runs"), std::string::npos) << log.str();

  EXPECT_EQ(stop.request("SIGINT"), 3);
  EXPECT_NE(log.str().find("harness cleanup"), std::string::npos) << log.str();
}

bool wait_for(const std::function<bool()>& cond) {
  for (int i = 0; i < 500; ++i) {
    if (cond()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return cond();
}

TEST(RunnerIoThread, RunsPostedWorkOnItsOwnThread) {
  IoThread io;
  std::promise<std::thread::id> ran;
  io.post([&] { ran.set_value(std::this_thread::get_id()); });
  auto id = ran.get_future().get();
  EXPECT_EQ(id, io.thread_id());
  EXPECT_NE(id, std::this_thread::get_id());
}

TEST(RunnerIoThread, RealSignalsEscalateThroughTheStopControl) {
  std::ostringstream log;
  StopControl stop(&log);
  IoThread io;
  io.handle_signals(stop);
  ASSERT_EQ(::raise(SIGINT), 0);  // would kill the test process if not handled
  ASSERT_TRUE(wait_for([&] { return stop.stop_requested(); }));
  EXPECT_FALSE(stop.abort_requested());
  ASSERT_EQ(::raise(SIGTERM), 0);
  ASSERT_TRUE(wait_for([&] { return stop.abort_requested(); }));
  EXPECT_EQ(stop.requests(), 2);
  io.stop();  // restores the default dispositions; no signal is raised after this
}

TEST(RunnerIoThread, StopReturnsEvenWithPendingWork) {
  auto io = std::make_unique<IoThread>();
  // A timer that would keep run() busy for an hour.
  boost::asio::steady_timer timer(io->context(), std::chrono::hours(1));
  timer.async_wait([](const boost::system::error_code&) {});
  auto t0 = std::chrono::steady_clock::now();
  io->stop();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(5));
}

}  // namespace
}  // namespace harness
