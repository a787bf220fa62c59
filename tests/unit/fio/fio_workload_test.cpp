// FioWorkload against a FakeRemote that plays back the fio recordings: launching fio "creates"
// the recorded result files in the fake guest, polls see fio's status, and the parsers and the
// recording of events run on real fio output, in virtual time.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "drivers/fio/fio_log.hpp"
#include "drivers/fio/fio_workload.hpp"
#include "drivers/shipped_file.hpp"
#include "fakes/fake_remote.hpp"
#include "fio_recordings.hpp"
#include "harness/core/errors.hpp"

namespace harness {
namespace {

using namespace harness::testing;
using Argv = std::vector<std::string>;

CommandResult exit_with(int status, std::string out = "") {
  CommandResult r;
  r.exit_status = status;
  r.out = std::move(out);
  return r;
}

bool has(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }

// guest realtime → host monotonic: the guest is 2 s ahead of the host's wall clock.
constexpr std::int64_t kGuestAhead = 2 * kNsPerS;

struct FioFixture {
  VirtualClock clock{1'000 * kNsPerS, 1'795'588'000 * kNsPerS};
  FailPlan plan;
  FakeRemote remote{"initiator", clock, plan};
  History history{HistoryHeader{"run1", 1'000 * kNsPerS, 1'795'588'000 * kNsPerS, {}}};
  std::string dir;                 // recordings' guest directory
  std::string recording;           // tests/data/fio/<recording>
  int flowing_after_polls = 2;     // polls answering "not yet" before I/O shows
  int polls = 0;
  bool fio_ends = true;            // the load's rc appears at launch (else only after SIGTERM)
  bool poll_sees_exit = false;     // fio ended before any I/O
  std::string readback_recording = "readback-ok";
  std::vector<std::string> logs = {"io_lat.1.log", "io_lat.2.log"};
  int stops = 0, removes = 0;

  FioFixture(std::string rec, std::string guest_dir) : dir(std::move(guest_dir)), recording(std::move(rec)) {
    remote.respond({"sh", "-c"}, [this](const Argv& a) { return guest(a); });
  }

  void put_recorded(const std::string& name, const std::string& from) {
    for (const char* ext : {".json", ".stderr"})
      remote.files()[dir + "/" + name + ext] = read_fio_data(recording + "/" + from + ext);
  }

  // The guest side of every `sh -c` script FioWorkload sends.
  CommandResult guest(const Argv& a) {
    const std::string& script = a.at(2);
    if (has(script, "setsid")) {  // launch: a.at(4) dir, a.at(5) name
      const std::string name = a.at(5);
      if (name == "load") {
        put_recorded("load", "load");
        for (const auto& l : logs) remote.files()[dir + "/" + l] = read_fio_data(recording + "/" + l);
        if (fio_ends) remote.files()[dir + "/load.rc"] = "0\n";
      } else {
        put_recorded("readback", readback_recording);
        remote.files()[dir + "/readback.rc"] = "0\n";
      }
      return exit_with(0);
    }
    if (has(script, "total_ios")) {
      ++polls;
      if (poll_sees_exit) return exit_with(2);
      return exit_with(polls > flowing_after_polls ? 0 : 1);
    }
    if (has(script, "kill -TERM")) {
      ++stops;
      remote.files()[dir + "/" + a.at(5) + ".rc"] = "143\n";
      return exit_with(0);
    }
    if (has(script, ".rc\"")) {
      auto it = remote.files().find(a.at(4) + "/" + a.at(5) + ".rc");
      return it == remote.files().end() ? exit_with(1) : exit_with(0, it->second);
    }
    if (has(script, "for f in io_lat")) {
      std::string out;
      for (const auto& l : logs) out += l + "\n";
      return exit_with(0, out);
    }
    if (has(script, "rm -f io_lat")) ++removes;
    return exit_with(0);
  }

  FioWorkloadOptions options(const FioJobOptions& o) {
    FioWorkloadOptions w;
    w.device = o.filename;
    w.work_dir = dir;
    w.seed = o.seed;
    w.direct = o.direct;
    ClockOffset off;
    off.offset_ns = kGuestAhead;
    w.to_host = guest_time_map(off);
    return w;
  }
  Deadline deadline(double s = 600) { return Deadline::after(clock, s); }
  std::vector<Event> events(EventKind kind, const std::string& what = "") const {
    std::vector<Event> out;
    for (auto& e : history.events())
      if (e.kind == kind && (what.empty() || e.what == what)) out.push_back(e);
    return out;
  }
  std::int64_t host_ns_of_guest(std::int64_t guest_ns) const {
    return guest_ns - kGuestAhead - history.header().realtime_anchor_ns + history.header().mono_anchor_ns;
  }
};

struct LoadFixture : FioFixture {
  LoadFixture() : FioFixture("load", "/tmp/harness-fio-load") {}
  FioWorkload make() { return FioWorkload(remote, load_spec(), options(load_options())); }
};

TEST(FioWorkload, StartInstallsTheRunnerAndJobThenReturnsOnceIoFlows) {
  LoadFixture fx;
  auto w = fx.make();
  const std::int64_t t0 = fx.clock.now_ns();
  w.start(fx.history, fx.deadline());
  const auto argvs = fx.remote.argvs();
  ASSERT_GE(argvs.size(), 5u);
  EXPECT_EQ(argvs[0][4], "/tmp/harness-fio-load");  // emptied and created first
  EXPECT_TRUE(has(argvs[0][2], "rm -rf"));
  EXPECT_EQ(fx.remote.files().at("/tmp/harness-fio-load/run.sh"),
            read_shipped_file("drivers/fio/fio-run"));  // the runner the recordings used
  EXPECT_EQ(fx.remote.files().at("/tmp/harness-fio-load/load.fio"), read_fio_data("load/load.fio"));
  // After the files (their directory exists: no mkdir needed, but the transport may run one).
  auto it = std::find_if(argvs.begin() + 1, argvs.end(),
                         [](const Argv& a) { return a.size() > 2 && has(a[2], "setsid"); });
  ASSERT_NE(it, argvs.end());
  const Argv launch = *it;
  EXPECT_EQ(launch[2], "exec setsid -f bash \"$1/run.sh\" \"$@\" </dev/null >/dev/null 2>&1");
  EXPECT_EQ(Argv(launch.begin() + 4, launch.end()),
            (Argv{"/tmp/harness-fio-load", "load", "--output-format=json", "--output=load.json",
                  "--status-interval=500ms", "load.fio"}));
  EXPECT_EQ(fx.polls, 3);  // two "not yet", then flowing
  EXPECT_EQ(fx.clock.now_ns() - t0, 2 * seconds_to_ns(0.25));
  EXPECT_TRUE(fx.history.events().empty()) << "start records nothing; finish records the I/O";
}

TEST(FioWorkload, FinishRecordsEveryCompletionOnTheHostClock) {
  LoadFixture fx;
  auto w = fx.make();
  w.start(fx.history, fx.deadline());
  const std::int64_t started = fx.clock.now_ns();
  w.finish(fx.history, fx.deadline());
  EXPECT_GE(fx.clock.now_ns(), started + 3 * kNsPerS - seconds_to_ns(0.5)) << "waited the runtime";

  const auto io = fx.events(EventKind::io);
  ASSERT_EQ(io.size(), 556u);  // 278 lines in each job's log
  // The first line of job 1: "1795588082777, 408348, 1, 4096, 249856, 0"; fio's stamp is
  // truncated twice, so the completion is put 1 ms after it.
  const std::int64_t t = fx.host_ns_of_guest(1795588082777 * kNsPerMs + kNsPerMs);
  bool found = false;
  std::size_t reads = 0;
  for (const auto& e : io) {
    EXPECT_EQ(e.node, "initiator");
    EXPECT_EQ(e.data.at("error"), 0);
    EXPECT_EQ(e.data.at("bytes"), 4096);
    reads += e.what == "read";
    if (e.t_ns == t && e.data.at("offset") == 249856) {
      found = true;
      EXPECT_EQ(e.what, "write");
      EXPECT_EQ(e.data.at("lat_ns"), 408348);
    }
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(reads, 256u);

  const auto fv = fx.events(EventKind::verify, "fio_verify");
  ASSERT_EQ(fv.size(), 1u);
  EXPECT_EQ(fv[0].data.at("errors"), 0);
  const auto sum = fx.events(EventKind::verify, "io_summary");
  ASSERT_EQ(sum.size(), 1u);
  EXPECT_EQ(sum[0].data.at("ios"), 556);  // fio's own total
  EXPECT_EQ(sum[0].data.at("io_errors"), 0);
  EXPECT_EQ(sum[0].data.at("logged_ios"), 556);
  EXPECT_EQ(sum[0].data.at("fio_exit"), 0);
  EXPECT_EQ(sum[0].data.at("fio_version"), "fio-3.33");
  EXPECT_EQ(sum[0].data.at("written_bytes"), 300 * 4096);
  EXPECT_FALSE(sum[0].data.contains("log_malformed_lines"));
  EXPECT_EQ(w.written().blocks(), 300u);
  EXPECT_EQ(fx.removes, 1) << "the big logs are removed from the guest once fetched";
}

TEST(FioWorkload, FailedIosComeFromStderrWithTheirErrno) {
  FioFixture fx("enospc", "/tmp/harness-fio-enospc");
  fx.logs = {"io_lat.1.log"};
  FioWorkload w(fx.remote, enospc_spec(), fx.options(enospc_options()));
  w.start(fx.history, fx.deadline());
  w.finish(fx.history, fx.deadline());
  std::size_t ok = 0, failed = 0;
  std::int64_t first_error_t = 0;
  for (const auto& e : fx.events(EventKind::io)) {
    if (e.data.at("error") == 0) {
      ++ok;
      continue;
    }
    ++failed;
    EXPECT_EQ(e.data.at("error"), 28);
    EXPECT_EQ(e.what, "write");
    EXPECT_FALSE(e.data.contains("lat_ns")) << "fio does not time failed I/O";
    if (!first_error_t) first_error_t = e.t_ns;
  }
  EXPECT_EQ(ok, 512u);
  EXPECT_EQ(failed, 544u);
  // The first error line is stamped 1795588088117629 µs.
  EXPECT_EQ(first_error_t, fx.host_ns_of_guest(1795588088117629000));
  const auto sum = fx.events(EventKind::verify, "io_summary")[0].data;
  EXPECT_EQ(sum.at("io_errors"), 544);
  EXPECT_EQ(sum.at("ios"), 1056);  // 256 reads + 800 writes, failed ones included
  EXPECT_EQ(sum.at("fio_error"), 28);
  EXPECT_EQ(fx.events(EventKind::verify, "fio_verify")[0].data.at("errors"), 0);
}

TEST(FioWorkload, VerifyFailuresDuringTheLoadAreNotCountedAsIoErrors) {
  FioFixture fx("midrun", "/tmp/harness-fio-midrun");
  fx.logs = {"io_lat.1.log"};
  FioWorkload w(fx.remote, midrun_spec(), fx.options(midrun_options()));
  w.start(fx.history, fx.deadline());
  w.finish(fx.history, fx.deadline());
  const auto fv = fx.events(EventKind::verify, "fio_verify")[0].data;
  EXPECT_EQ(fv.at("errors"), 45);
  EXPECT_TRUE(has(fv.at("detail").get<std::string>(), "verify: bad magic header 0"));
  const auto sum = fx.events(EventKind::verify, "io_summary")[0].data;
  EXPECT_EQ(sum.at("io_errors"), 0);  // fio's total_err (45) is all verify failures
  EXPECT_EQ(sum.at("fio_total_err"), 45);
  EXPECT_EQ(sum.at("verify_errors"), 45);
}

TEST(FioWorkload, ReadbackVerifiesExactlyTheBlocksWhoseWritesCompleted) {
  LoadFixture fx;
  auto w = fx.make();
  w.start(fx.history, fx.deadline());
  w.finish(fx.history, fx.deadline());
  w.readback_verify(fx.history, fx.deadline());
  EXPECT_EQ(fx.remote.files().at("/tmp/harness-fio-load/readback.iolog"),
            read_fio_data("load/readback.iolog"));
  EXPECT_EQ(fx.remote.files().at("/tmp/harness-fio-load/readback.fio"),
            read_fio_data("load/readback.fio"));
  const auto rb = fx.events(EventKind::verify, "readback");
  ASSERT_EQ(rb.size(), 1u);
  EXPECT_EQ(rb[0].data.at("ok"), true);
  EXPECT_EQ(rb[0].data.at("bytes"), 300 * 4096);
  EXPECT_EQ(rb[0].data.at("errors"), 0);
  EXPECT_EQ(rb[0].data.at("blocks"), 300);
}

TEST(FioWorkload, ReadbackReportsEachCorruptBlockOnce) {
  LoadFixture fx;
  fx.readback_recording = "readback";
  auto w = fx.make();
  w.start(fx.history, fx.deadline());
  w.finish(fx.history, fx.deadline());
  w.readback_verify(fx.history, fx.deadline());
  const auto rb = fx.events(EventKind::verify, "readback")[0].data;
  EXPECT_EQ(rb.at("ok"), false);
  EXPECT_EQ(rb.at("errors"), 2);  // fio reported 4: the padding re-read both
  const std::string detail = rb.at("detail");
  EXPECT_TRUE(has(detail, "bad magic header 0")) << detail;
  EXPECT_TRUE(has(detail, "crc32c: verify failed")) << detail;
  EXPECT_EQ(detail.find("bad magic"), detail.rfind("bad magic")) << "each block once";
}

TEST(FioWorkload, ReadbackWithoutCollectedResultsIsAnError) {
  LoadFixture fx;
  auto w = fx.make();
  w.start(fx.history, fx.deadline());
  EXPECT_THROW(w.readback_verify(fx.history, fx.deadline()), LabError);
  EXPECT_TRUE(fx.events(EventKind::verify, "readback").empty()) << "never a readback without data";
}

TEST(FioWorkload, AReadOnlyLoadHasNothingToReadBack) {
  LoadFixture fx;
  WorkloadSpec s = load_spec();
  s.rw = "randread";
  s.verify = "none";
  FioWorkload w(fx.remote, s, fx.options(load_options()));
  w.start(fx.history, fx.deadline());
  w.finish(fx.history, fx.deadline());
  EXPECT_TRUE(fx.events(EventKind::verify, "fio_verify").empty()) << "verify=none: no claim";
  const auto n = fx.remote.calls().size();
  w.readback_verify(fx.history, fx.deadline());
  EXPECT_EQ(fx.remote.calls().size(), n) << "no fio run";
  const auto rb = fx.events(EventKind::verify, "readback")[0].data;
  EXPECT_EQ(rb.at("ok"), true);
  EXPECT_EQ(rb.at("bytes"), 0);
}

TEST(FioWorkload, FioEndingBeforeAnyIoFailsStartWithItsStderr) {
  LoadFixture fx;
  fx.poll_sees_exit = true;
  auto w = fx.make();
  fx.remote.files()["/tmp/harness-fio-load/load.stderr"] =
      "1795588088117629 fio: pid=812, err=2/file:filesetup.c:805, func=open(/dev/mapper/x), "
      "error=No such file or directory\n";
  // Launching overwrites load.stderr with the recording; make the launch not do that.
  fx.remote.respond({"sh", "-c", "exec setsid -f bash \"$1/run.sh\" \"$@\" </dev/null >/dev/null 2>&1"},
                    exit_with(0));
  try {
    w.start(fx.history, fx.deadline());
    FAIL();
  } catch (const LabError& e) {
    EXPECT_TRUE(has(e.what(), "ended before any I/O completed")) << e.what();
    EXPECT_TRUE(has(e.what(), "No such file or directory")) << e.what();
  }
}

TEST(FioWorkload, NoIoBeforeTheDeadlineStopsFioAndTimesOut) {
  LoadFixture fx;
  fx.flowing_after_polls = 1'000'000;
  auto w = fx.make();
  EXPECT_THROW(w.start(fx.history, fx.deadline(5)), TimeoutError);
  EXPECT_EQ(fx.stops, 1);
}

TEST(FioWorkload, APastDeadlineFinishStopsFioRecordsWhatItWroteAndThrows) {
  LoadFixture fx;
  fx.fio_ends = false;  // rc only after SIGTERM
  auto w = fx.make();
  w.start(fx.history, fx.deadline());
  try {
    w.finish(fx.history, fx.deadline(10));
    FAIL();
  } catch (const TimeoutError& e) {
    EXPECT_TRUE(has(e.what(), "results up to then recorded")) << e.what();
  }
  EXPECT_EQ(fx.stops, 1);
  EXPECT_EQ(fx.events(EventKind::io).size(), 556u);
  EXPECT_EQ(fx.events(EventKind::verify, "io_summary")[0].data.at("fio_exit"), 143);
}

TEST(FioWorkload, WithoutAMapTheOffsetIsEstimatedOverTheSameRemote) {
  LoadFixture fx;
  fx.remote.respond({"date", "+%s%N"}, [&](const Argv&) {
    return exit_with(0, std::to_string(fx.clock.realtime_ns() + kGuestAhead) + "\n");
  });
  auto o = fx.options(load_options());
  o.to_host = nullptr;
  FioWorkload w(fx.remote, load_spec(), o);
  w.start(fx.history, fx.deadline());
  ASSERT_TRUE(w.clock_offset().has_value());
  EXPECT_EQ(w.clock_offset()->offset_ns, kGuestAhead);
  w.finish(fx.history, fx.deadline());
  const std::int64_t t = fx.host_ns_of_guest(1795588082777 * kNsPerMs + kNsPerMs);
  bool found = false;
  for (const auto& e : fx.events(EventKind::io)) found |= e.t_ns == t;
  EXPECT_TRUE(found);
  EXPECT_EQ(fx.events(EventKind::verify, "io_summary")[0].data.at("clock_bound_ns"), 0);
}

TEST(FioWorkload, BadDeviceOrDirectoryIsRefusedBeforeAnythingRuns) {
  LoadFixture fx;
  auto o = fx.options(load_options());
  o.device = "/dev/disk/by-path/ip-10.0.0.1:3260-lun-0";
  EXPECT_THROW(FioWorkload(fx.remote, load_spec(), o), LabError);
  o = fx.options(load_options());
  o.work_dir = "/var/tmp";  // would be emptied
  EXPECT_THROW(FioWorkload(fx.remote, load_spec(), o), LabError);
  o.work_dir = "/var/tmp/harness-fio/..";
  EXPECT_THROW(FioWorkload(fx.remote, load_spec(), o), LabError);
  WorkloadSpec s = load_spec();
  s.rw = "randwrites";
  EXPECT_THROW(FioWorkload(fx.remote, s, fx.options(load_options())), ScenarioError);
  EXPECT_TRUE(fx.remote.calls().empty());
}

// Every remote call of a full run failing in turn: each failure surfaces as an exception (no
// hang), and a failed run never leaves a passing readback behind.
TEST(FioWorkload, AFailureAtAnyRemoteCallIsAnErrorNeverAFalsePass) {
  std::size_t calls = 0;
  {
    LoadFixture fx;
    auto w = fx.make();
    w.start(fx.history, fx.deadline());
    w.finish(fx.history, fx.deadline());
    w.readback_verify(fx.history, fx.deadline());
    calls = fx.plan.count();
  }
  ASSERT_GT(calls, 10u);
  for (std::size_t n = 1; n <= calls; ++n) {
    LoadFixture fx;
    fx.plan.fail_at(n);
    auto w = fx.make();
    bool threw = false;
    try {
      w.start(fx.history, fx.deadline());
      w.finish(fx.history, fx.deadline());
      w.readback_verify(fx.history, fx.deadline());
    } catch (const LabError&) {
      threw = true;
    }
    // A failing kill (best effort) or log removal is not an error of the run.
    const std::string name = fx.plan.name_of(n);
    if (!threw) {
      EXPECT_TRUE(has(name, "rm -f io_lat")) << n << ": " << name;
      continue;
    }
    for (const auto& e : fx.events(EventKind::verify, "readback"))
      EXPECT_NE(e.data.at("ok"), true) << n << ": " << name;
  }
}

}  // namespace
}  // namespace harness
