// run_process / stream_process / program_exists against real host programs (sh, cat, sleep).
#include "drivers/remote/process.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include "harness/core/errors.hpp"

namespace harness {
namespace {

using Strings = std::vector<std::string>;

// Pids of processes whose argument vector contains `marker` (a unique sleep duration per test).
std::vector<pid_t> pids_with_arg(const std::string& marker) {
  std::vector<pid_t> pids;
  DIR* d = opendir("/proc");
  while (dirent* e = readdir(d)) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    std::ifstream f(std::string("/proc/") + e->d_name + "/cmdline", std::ios::binary);
    std::string cmdline((std::istreambuf_iterator<char>(f)), {});
    std::size_t start = 0;
    for (std::size_t z; (z = cmdline.find('\0', start)) != std::string::npos; start = z + 1)
      if (cmdline.compare(start, z - start, marker) == 0) pids.push_back(std::atoi(e->d_name));
  }
  closedir(d);
  return pids;
}
int count_processes_with_arg(const std::string& marker) {
  return static_cast<int>(pids_with_arg(marker).size());
}

// Polls briefly: a SIGKILLed process disappears from /proc once its parent (init) reaps it.
bool gone_soon(const std::string& marker) {
  for (int i = 0; i < 100; ++i) {
    if (count_processes_with_arg(marker) == 0) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

class ProcessTest : public ::testing::Test {
 protected:
  std::unique_ptr<Clock> clock = make_system_clock();
  Deadline in(double s) { return Deadline::after(*clock, s); }
};

TEST_F(ProcessTest, ExitCodesAreReported) {
  EXPECT_EQ(run_process({"true"}, in(10)).exit_status, 0);
  EXPECT_EQ(run_process({"false"}, in(10)).exit_status, 1);
  EXPECT_EQ(run_process({"sh", "-c", "exit 42"}, in(10)).exit_status, 42);
}

TEST_F(ProcessTest, DeathBySignalIsMinusOne) {
  EXPECT_EQ(run_process({"sh", "-c", "kill -KILL $$"}, in(10)).exit_status, -1);
}

TEST_F(ProcessTest, StdoutAndStderrAreCapturedSeparately) {
  auto r = run_process({"sh", "-c", "printf 'out\\n'; printf 'err\\n' >&2; printf more"}, in(10));
  EXPECT_EQ(r.out, "out\nmore");
  EXPECT_EQ(r.err, "err\n");
}

TEST_F(ProcessTest, ArgumentsAreNotInterpretedByAShell) {
  Strings argv = {"printf", "%s|", "$(id)", "`id`", "*", "", "a b", "x'y\"z", "line\nbreak"};
  auto r = run_process(argv, in(10));
  EXPECT_EQ(r.out, "$(id)|`id`|*||a b|x'y\"z|line\nbreak|");
}

TEST_F(ProcessTest, StdinIsWrittenThenClosedBinarySafe) {
  std::string data("a\0b\xff\ncd", 7);
  auto r = run_process({"cat"}, in(10), data);
  EXPECT_EQ(r.exit_status, 0);
  EXPECT_EQ(r.out, data);
  // Without data the child must still see EOF at once, not wait on our terminal.
  EXPECT_EQ(run_process({"wc", "-c"}, in(5)).out, "0\n");
}

TEST_F(ProcessTest, TenMegabytesThroughStdinAndStdoutDoNotDeadlock) {
  std::string big(10u << 20, 'x');
  for (std::size_t i = 0; i < big.size(); i += 4099) big[i] = static_cast<char>(i % 251);
  auto r = run_process({"cat"}, in(30), big);
  EXPECT_EQ(r.exit_status, 0);
  EXPECT_EQ(r.out.size(), big.size());
  EXPECT_TRUE(r.out == big);
}

TEST_F(ProcessTest, TenMegabytesOnBothStreamsDoNotDeadlock) {
  // A reader that drains stdout to EOF before stderr would block the child on a full stderr pipe.
  auto r = run_process(
      {"sh", "-c", "head -c 10485760 /dev/zero >&2; head -c 10485760 /dev/zero; echo done >&2"},
      in(30));
  EXPECT_EQ(r.exit_status, 0);
  EXPECT_EQ(r.out.size(), 10u << 20);
  EXPECT_EQ(r.err.size(), (10u << 20) + 5);
}

TEST_F(ProcessTest, OutputBeyondTheCapIsDroppedButTheChildFinishes) {
  ProcessOptions o;
  o.max_output_bytes = 1000;
  auto r = run_process({"head", "-c", "1000000", "/dev/zero"}, in(10), {}, o);
  EXPECT_EQ(r.exit_status, 0);
  EXPECT_EQ(r.out.size(), 1000u);
}

TEST_F(ProcessTest, ChildThatIgnoresStdinDoesNotKillUsWithSigpipe) {
  std::string big(4u << 20, 'y');  // far more than a pipe buffer
  auto r = run_process({"true"}, in(10), big);
  EXPECT_EQ(r.exit_status, 0);
  auto r2 = run_process({"head", "-c", "3"}, in(10), big);
  EXPECT_EQ(r2.out, "yyy");
}

TEST_F(ProcessTest, DeadlineKillsSleepPromptlyAndSaysSo) {
  auto t0 = std::chrono::steady_clock::now();
  try {
    run_process({"sh", "-c", "echo warming up >&2; exec sleep 30"}, in(0.3));
    FAIL() << "no TimeoutError";
  } catch (const TimeoutError& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find("deadline of 0.3s passed"), std::string::npos) << msg;
    EXPECT_NE(msg.find("sleep 30"), std::string::npos) << msg;
    EXPECT_NE(msg.find("warming up"), std::string::npos) << msg;  // the stderr tail
  }
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_GE(elapsed, 0.3);
  EXPECT_LT(elapsed, 0.3 + 0.15);
}

TEST_F(ProcessTest, DeadlineKillsTheWholeProcessGroup) {
  const std::string marker = "30.0417";
  EXPECT_THROW(run_process({"sh", "-c", "sleep " + marker + " & sleep " + marker}, in(0.3)),
               TimeoutError);
  EXPECT_TRUE(gone_soon(marker)) << count_processes_with_arg(marker) << " sleep(s) left behind";
}

TEST_F(ProcessTest, ChildIgnoringSigtermIsKilledAfterTheGrace) {
  const std::string marker = "30.0419";
  ProcessOptions o;
  o.term_grace_s = 0.2;
  auto t0 = std::chrono::steady_clock::now();
  // `trap '' TERM` is inherited by sleep across exec; only SIGKILL ends it.
  EXPECT_THROW(run_process({"sh", "-c", "trap '' TERM; sleep " + marker}, in(0.2), {}, o),
               TimeoutError);
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  // Far below the child's 30 s: it was killed, not waited for (a loaded host may be slow).
  EXPECT_LT(elapsed, 5.0);
  EXPECT_TRUE(gone_soon(marker));
}

TEST_F(ProcessTest, ExpiredDeadlineDoesNotStartTheProgram) {
  Deadline d(*clock, clock->now_ns() - 1);
  EXPECT_THROW(run_process({"sh", "-c", "touch /tmp/harness-should-not-exist"}, d), TimeoutError);
  EXPECT_NE(access("/tmp/harness-should-not-exist", F_OK), 0);
}

TEST_F(ProcessTest, StopTokenInterruptsAndKills) {
  const std::string marker = "30.0423";
  std::stop_source src;
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    src.request_stop();
  });
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_THROW(run_process({"sleep", marker}, Deadline::after(*clock, 30, src.get_token())),
               Interrupted);
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  stopper.join();
  EXPECT_LT(elapsed, 0.5);
  EXPECT_TRUE(gone_soon(marker));
}

TEST_F(ProcessTest, MissingProgramIsALabErrorNamingThePackage) {
  try {
    run_process({"harness-no-such-program-xyz"}, in(5));
    FAIL();
  } catch (const LabError& e) {
    EXPECT_NE(std::string(e.what()).find("harness-no-such-program-xyz: not installed"),
              std::string::npos)
        << e.what();
  }
  // A PATH without ssh: the message says which package provides it.
  std::string old_path = std::getenv("PATH");
  setenv("PATH", "/nonexistent-dir", 1);
  std::string msg;
  try {
    run_process({"ssh", "-V"}, in(5));
  } catch (const LabError& e) {
    msg = e.what();
  }
  setenv("PATH", old_path.c_str(), 1);
  EXPECT_EQ(msg, "ssh: not installed (apt-get install openssh-client)");
}

TEST_F(ProcessTest, ProgramExistsSearchesPath) {
  EXPECT_TRUE(program_exists("sh"));
  EXPECT_TRUE(program_exists("/bin/sh"));
  EXPECT_FALSE(program_exists("harness-no-such-program-xyz"));
  EXPECT_FALSE(program_exists("/etc/passwd"));  // exists, not executable
  EXPECT_FALSE(program_exists("/usr/bin"));     // a directory
  EXPECT_FALSE(program_exists(""));
}

TEST_F(ProcessTest, CwdAndExtraEnvironment) {
  ProcessOptions o;
  o.cwd = "/tmp";
  o.extra_env = {{"HARNESS_TEST_VAR", "v a l"}, {"HOME", "/nowhere"}};
  auto r = run_process({"sh", "-c", "pwd; echo \"$HARNESS_TEST_VAR\"; echo \"$HOME\"; echo \"$PATH\""},
                       in(5), {}, o);
  EXPECT_EQ(r.out, "/tmp\nv a l\n/nowhere\n" + std::string(std::getenv("PATH")) + "\n");
  o.cwd = "/nonexistent-harness-dir";
  EXPECT_THROW(run_process({"true"}, in(5), {}, o), LabError);
}

TEST_F(ProcessTest, NoDescriptorLeaksIntoTheChild) {
  // Only stdin/stdout/stderr: the harness' pipes, pidfds and eventfds are O_CLOEXEC, and what
  // anyone else left inheritable (here a descriptor we open without O_CLOEXEC) is closed too.
  int stray = open("/dev/null", O_RDONLY);
  ASSERT_GE(stray, 3);
  auto r = run_process({"sh", "-c", "ls /proc/$$/fd"}, in(5), "input");
  close(stray);
  EXPECT_EQ(r.out, "0\n1\n2\n");
}

TEST_F(ProcessTest, ChildrenAreReaped) {
  run_process({"true"}, in(5));
  EXPECT_THROW(run_process({"sleep", "30"}, in(0.05)), TimeoutError);
  int status = 0;
  errno = 0;
  EXPECT_EQ(waitpid(-1, &status, WNOHANG), -1);  // no child at all, not even a zombie
  EXPECT_EQ(errno, ECHILD);
}

TEST_F(ProcessTest, StartAndEndStampsComeFromTheDeadlineClock) {
  auto before = clock->now_ns();
  auto r = run_process({"sleep", "0.1"}, in(5));
  auto after = clock->now_ns();
  EXPECT_GE(r.start_ns, before);
  EXPECT_LE(r.end_ns, after);
  EXPECT_GE(r.end_ns - r.start_ns, 100 * kNsPerMs);
}

TEST_F(ProcessTest, BackgroundChildHoldingThePipesDoesNotHoldTheCall) {
  const std::string marker = "30.0431";
  auto t0 = std::chrono::steady_clock::now();
  auto r = run_process({"sh", "-c", "sleep " + marker + " & echo started"}, in(10));
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(r.out, "started\n");
  EXPECT_LT(elapsed, 2.0);
  auto left = pids_with_arg(marker);
  EXPECT_EQ(left.size(), 1u);  // not killed: it left our group's pipes behind, nothing more
  for (pid_t p : left) kill(p, SIGKILL);  // our own straggler, by its pid
}

// stream_process ----------------------------------------------------------------------------

struct Lines {
  std::mutex mu;
  std::vector<std::string> lines;
  std::vector<std::int64_t> stamps;
  LineHandler handler() {
    return [this](std::int64_t t, std::string_view l) {
      std::lock_guard lock(mu);
      lines.emplace_back(l);
      stamps.push_back(t);
    };
  }
  std::size_t size() {
    std::lock_guard lock(mu);
    return lines.size();
  }
};

bool wait_for(const std::function<bool()>& cond, double seconds = 5) {
  auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < end) {
    if (cond()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return cond();
}

TEST_F(ProcessTest, StreamDeliversLinesWithHostStampsInOrder) {
  Lines got;
  auto before = clock->now_ns();
  auto s = stream_process({"sh", "-c", "echo one; sleep 0.5; printf 'two\\r\\nthree'; echo err >&2"},
                          got.handler(), *clock);
  ASSERT_TRUE(wait_for([&] { return !s->running(); }));
  auto after = clock->now_ns();
  ASSERT_EQ(got.lines, (Strings{"one", "two", "three"}));
  EXPECT_GE(got.stamps[0], before);
  // Stamped when read, not at the end (0.5 s apart in the child; margin for a loaded host).
  EXPECT_GE(got.stamps[1] - got.stamps[0], 250 * kNsPerMs);
  EXPECT_LE(got.stamps[2], after);
  auto* ps = dynamic_cast<ProcessStream*>(s.get());
  ASSERT_NE(ps, nullptr);
  EXPECT_EQ(ps->exit_status(), 0);
  EXPECT_EQ(ps->stderr_tail(), "err\n");
}

TEST_F(ProcessTest, StreamStopKillsTheGroupAndStopsCallbacks) {
  const std::string marker = "30.0437";
  Lines got;
  auto s = stream_process(
      {"sh", "-c", "sleep " + marker + " & while :; do echo tick; sleep 0.01; done"},
      got.handler(), *clock);
  ASSERT_TRUE(wait_for([&] { return got.size() >= 3; }));
  auto t0 = std::chrono::steady_clock::now();
  s->stop();
  double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_LT(elapsed, 1.0);
  EXPECT_FALSE(s->running());
  std::size_t n = got.size();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(got.size(), n);  // no callback after stop() returned
  EXPECT_TRUE(gone_soon(marker));
  s->stop();  // idempotent
}

TEST_F(ProcessTest, StreamOfMissingProgramThrows) {
  Lines got;
  EXPECT_THROW(stream_process({"harness-no-such-program-xyz"}, got.handler(), *clock), LabError);
}

TEST_F(ProcessTest, StreamDestructorStopsAndThrowingHandlerEndsTheStream) {
  const std::string marker = "30.0441";
  {
    auto s = stream_process({"sh", "-c", "echo x; exec sleep " + marker},
                            [](std::int64_t, std::string_view) { throw std::runtime_error("boom"); },
                            *clock);
    ASSERT_TRUE(wait_for([&] { return !s->running(); }));
  }
  EXPECT_TRUE(gone_soon(marker));
  {
    Lines got;
    auto s = stream_process({"sleep", marker}, got.handler(), *clock);
  }  // destroyed while running
  EXPECT_TRUE(gone_soon(marker));
}

}  // namespace
}  // namespace harness
