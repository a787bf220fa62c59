#pragma once
// Test helpers for the OCF agents the harness ships (LIO's harness-alua, SCST's
// harness-scst-alua): OCF exit codes, small file helpers for the fake sysfs/configfs trees, and
// one run of an agent action with its environment.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <thread>

#include <gtest/gtest.h>
#include <sstream>
#include <string>

#include "drivers/remote/process.hpp"
#include "harness/core/clock.hpp"
#include "harness/core/deadline.hpp"

namespace harness::test {

constexpr int kSuccess = 0, kGeneric = 1, kArgs = 2, kUnimplemented = 3, kInstalled = 5,
              kConfigured = 6, kNotRunning = 7, kPromoted = 8;

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void write(const std::filesystem::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::trunc);
  out << text;
}

struct AgentRun {
  int exit_status = -1;
  std::string out, err;
};

// `/bin/sh AGENT ACTION` with `env` added to the environment, 20 s at most.
inline AgentRun run_agent(Clock& clock, const std::string& agent, const std::string& action,
                          const std::map<std::string, std::string>& env) {
  ProcessOptions opts;
  opts.extra_env = env;
  auto r = run_process({"/bin/sh", agent, action}, Deadline::after(clock, 20), {}, opts);
  return {r.exit_status, r.out, r.err};
}

// Both agents' start waits for its target's ready mark while the setup runs: the mark is written
// here 1.5 s after `start` (the agent's start action with a 15 s wait) begins, and start must
// return then, not after the whole wait. Returns start's exit status.
inline int start_with_ready_mark_written_later(const std::filesystem::path& mark,
                                               const std::string& content,
                                               const std::function<int(std::map<std::string, std::string>)>& start) {
  std::filesystem::remove(mark);
  std::thread setup([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    write(mark, content);
  });
  const auto t0 = std::chrono::steady_clock::now();
  const int rc = start({{"OCF_RESKEY_setup_wait_s", "15"}});
  const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  setup.join();
  EXPECT_GE(took, 1.5);
  EXPECT_LT(took, 8.0);  // as soon as the mark is there, not the whole wait
  return rc;
}

}  // namespace harness::test
