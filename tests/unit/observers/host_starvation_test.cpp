// The host-starvation parser, /proc reader and accumulator, on a recording of a QEMU-like
// process (tests/data/host_sched/README.md: one busy vCPU sharing a host CPU with a busy worker,
// one idle vCPU) and on scripted readings.
#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>
#include <map>

#include "drivers/observers/host_starvation.hpp"
#include "drivers/observers/proc_threads.hpp"

namespace harness {
namespace {

const std::filesystem::path kRec = std::filesystem::path(TEST_DATA_DIR) / "host_sched/qemu_like";
constexpr int kSamples = 9;

struct Sample {
  std::int64_t t_ns = 0;
  std::vector<ThreadSched> threads;
};

Sample recorded(int k) {
  Sample s;
  std::ifstream(kRec / std::to_string(k) / "t_ns") >> s.t_ns;
  auto threads = read_task_dir(kRec / std::to_string(k) / "task");
  EXPECT_TRUE(threads.has_value()) << k;
  if (threads) s.threads = *threads;
  return s;
}

const ThreadSched* named(const Sample& s, const std::string& comm) {
  for (const auto& t : s.threads)
    if (t.comm == comm) return &t;
  return nullptr;
}

TEST(HostStarvationParse, SchedstatIsCpuWaitSlices) {
  auto t = parse_schedstat("967994939 1171436604 270\n");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->cpu_ns, 967994939);
  EXPECT_EQ(t->wait_ns, 1171436604);
  EXPECT_EQ(t->slices, 270);
  EXPECT_TRUE(parse_schedstat("0 0 0"));
}

TEST(HostStarvationParse, MalformedSchedstatIsRejected) {
  for (const char* bad : {"", "\n", "1 2", "1 2 x", "-1 2 3", "1 2 3 4", "a b c", "1,2,3"})
    EXPECT_FALSE(parse_schedstat(bad)) << '"' << bad << '"';
}

TEST(HostStarvationParse, VcpuThreadsAreCpuNumberSlashAccelerator) {
  for (const char* yes : {"CPU 0/TCG", "CPU 12/KVM", "CPU 1/TCG\n", "CPU 3/HVF"})
    EXPECT_TRUE(is_vcpu_thread(yes)) << yes;
  for (const char* no : {"qemu-system-x86", "call_rcu", "worker", "IO mon_iothread", "CPU /TCG",
                         "CPU 0/", "CPU 0", "CPU x/TCG", "cpu 0/TCG", " CPU 0/TCG", ""})
    EXPECT_FALSE(is_vcpu_thread(no)) << no;
}

TEST(HostStarvationRecording, EveryThreadOfTheRecordingIsReadWithItsName) {
  for (int k = 0; k < kSamples; ++k) {
    auto s = recorded(k);
    ASSERT_EQ(s.threads.size(), 6u) << k;
    for (const char* comm :
         {"qemu-system-x86", "call_rcu", "CPU 0/TCG", "CPU 1/TCG", "IO mon_iothread", "worker"})
      EXPECT_NE(named(s, comm), nullptr) << comm << " in sample " << k;
    for (std::size_t i = 1; i < s.threads.size(); ++i) EXPECT_LT(s.threads[i - 1].tid, s.threads[i].tid);
  }
  // The values are the files' own: sample 8, the busy vCPU.
  auto last = recorded(8);
  EXPECT_EQ(named(last, "CPU 0/TCG")->wait_ns, 1171436604);
  EXPECT_EQ(named(last, "CPU 0/TCG")->cpu_ns, 967994939);
}

// The physics the rule rests on, from the recording itself: the busy vCPU that shared its CPU
// waited about half of the time; the idle one almost never.
TEST(HostStarvationRecording, TheBusyVcpuWaitedAboutHalfTheTimeAndTheIdleOneAlmostNever) {
  auto a = recorded(0), b = recorded(8);
  const double span = static_cast<double>(b.t_ns - a.t_ns);
  const double busy = static_cast<double>(named(b, "CPU 0/TCG")->wait_ns - named(a, "CPU 0/TCG")->wait_ns);
  const double idle = static_cast<double>(named(b, "CPU 1/TCG")->wait_ns - named(a, "CPU 1/TCG")->wait_ns);
  EXPECT_GT(busy / span, 0.3);
  EXPECT_LT(busy / span, 0.8);
  EXPECT_LT(idle / span, 0.05);
}

TEST(HostStarvationRecording, TheAccumulatorSumsTheVcpuThreadsIntoRecordsOfASecond) {
  StarvationAccumulator acc;  // 1 s records
  std::vector<GuestSchedRecord> recs;
  for (int k = 0; k < kSamples; ++k) {
    auto s = recorded(k);
    auto out = acc.add(s.t_ns, {GuestThreads{"n1", 4242, s.threads}});
    if (k == 0) {
      EXPECT_TRUE(out.empty()) << "the first reading is a baseline";
    }
    recs.insert(recs.end(), out.begin(), out.end());
  }
  auto rest = acc.flush();
  recs.insert(recs.end(), rest.begin(), rest.end());
  // 8 intervals of about 255 ms: two records of four.
  ASSERT_EQ(recs.size(), 2u);
  auto first = recorded(0), last = recorded(8), mid = recorded(4);
  EXPECT_EQ(recs[0].t_ns, mid.t_ns);
  EXPECT_EQ(recs[1].t_ns, last.t_ns);
  double span = 0, wait = 0, cpu = 0, all_wait = 0, longest = 0;
  for (const auto& r : recs) {
    EXPECT_EQ(r.node, "n1");
    EXPECT_EQ(r.record.pid, 4242);
    EXPECT_EQ(r.record.vcpus, 2);
    EXPECT_EQ(r.record.intervals, 4);
    span += r.record.span_s;
    wait += r.record.vcpu_wait_s;
    cpu += r.record.vcpu_cpu_s;
    all_wait += r.record.threads_wait_s;
    longest = std::max(longest, r.record.longest_wait_s);
  }
  auto delta = [&](const char* comm, auto field) {
    return static_cast<double>(named(last, comm)->*field - named(first, comm)->*field) / 1e9;
  };
  EXPECT_NEAR(span, static_cast<double>(last.t_ns - first.t_ns) / 1e9, 1e-9);
  EXPECT_NEAR(wait, delta("CPU 0/TCG", &ThreadSched::wait_ns) + delta("CPU 1/TCG", &ThreadSched::wait_ns), 1e-9);
  EXPECT_NEAR(cpu, delta("CPU 0/TCG", &ThreadSched::cpu_ns) + delta("CPU 1/TCG", &ThreadSched::cpu_ns), 1e-9);
  // The worker's wait counts among the process's threads, not the vCPUs'.
  EXPECT_GT(all_wait, wait + 0.9 * delta("worker", &ThreadSched::wait_ns));
  // Half of the time, but in waits of a scheduler period (milliseconds) at a time: no stall.
  EXPECT_GT(longest, 0.0);
  EXPECT_LT(longest, 0.05);
}

ThreadSched thread(std::int64_t tid, const char* comm, double cpu_s, double wait_s,
                   std::int64_t slices = 1) {
  return ThreadSched{tid, comm, static_cast<std::int64_t>(cpu_s * 1e9),
                     static_cast<std::int64_t>(wait_s * 1e9), slices};
}

constexpr std::int64_t kS = 1'000'000'000;

// A vCPU thread that waited 1.5 s of a 2 s window, next to an idle vCPU: the record says so,
// and the wait the kernel accounts when the thread next runs shows whole in one interval.
TEST(HostStarvationAccumulator, AThreadThatWaitedOneAndAHalfSecondsOfTwoShowsIt) {
  StarvationAccumulator acc(2 * kS);
  const std::int64_t t0 = 100 * kS;
  auto reading = [&](double busy_cpu, double busy_wait, std::int64_t slices) {
    return std::vector<GuestThreads>{{"n1", 7, {thread(11, "CPU 0/TCG", busy_cpu, busy_wait, slices),
                                                thread(12, "CPU 1/TCG", 0.01, 0.5),
                                                thread(13, "worker", 0.2, 0.0)}}};
  };
  EXPECT_TRUE(acc.add(t0, reading(10, 3, 100)).empty());
  EXPECT_TRUE(acc.add(t0 + kS / 2, reading(10.4, 3.05, 110)).empty());  // ten short waits
  // Runnable, waiting for a CPU since about +0.55 s: nothing is accounted while it waits.
  EXPECT_TRUE(acc.add(t0 + 3 * kS / 2, reading(10.45, 3.05, 110)).empty());
  auto out = acc.add(t0 + 2 * kS, reading(10.5, 4.5, 111));  // ran again: 1.45 s at once
  ASSERT_EQ(out.size(), 1u);
  const auto& r = out[0].record;
  EXPECT_EQ(out[0].t_ns, t0 + 2 * kS);
  EXPECT_DOUBLE_EQ(r.span_s, 2.0);
  EXPECT_EQ(r.intervals, 3);
  EXPECT_EQ(r.vcpus, 2);
  EXPECT_NEAR(r.vcpu_wait_s, 1.5, 1e-9);
  EXPECT_NEAR(r.vcpu_cpu_s, 0.5, 1e-9);
  EXPECT_NEAR(r.longest_wait_s, 1.45, 1e-9);
  EXPECT_NEAR(r.threads_wait_s, 1.5, 1e-9);
}

// What one thread's readings prove about its longest wait (a lower bound): one wait ended, the
// wait itself; many, the larger of their mean and the excess of their sum over the interval.
TEST(HostStarvationAccumulator, TheLongestWaitIsTheLowerBoundTheReadingsProve) {
  const std::int64_t ms = 1'000'000;
  EXPECT_EQ(longest_wait_ns(1450 * ms, 1, 500 * ms), 1450 * ms);
  EXPECT_EQ(longest_wait_ns(120 * ms, 1, 250 * ms), 120 * ms);
  EXPECT_EQ(longest_wait_ns(120 * ms, 40, 250 * ms), 3 * ms);
  EXPECT_EQ(longest_wait_ns(1500 * ms, 100, 250 * ms), 1250 * ms);  // a stall, then short waits
  // A late reading: 4.4 s of ordinary waits over 44 s is no stall.
  EXPECT_EQ(longest_wait_ns(4400 * ms, 4400, 44000 * ms), 1 * ms);
  EXPECT_EQ(longest_wait_ns(0, 0, 250 * ms), 0);
  EXPECT_EQ(longest_wait_ns(100 * ms, 0, 250 * ms), 0);
}

TEST(HostStarvationAccumulator, AnIdleGuestWaitsNothing) {
  StarvationAccumulator acc(kS);
  for (int k = 0; k <= 4; ++k) {
    auto out = acc.add(k * kS / 4, {GuestThreads{"n2", 9, {thread(21, "CPU 0/TCG", 0.01 * k, 0.0)}}});
    if (k == 4) {  // four 250 ms intervals: one record
      ASSERT_EQ(out.size(), 1u);
      EXPECT_EQ(out[0].record.vcpu_wait_s, 0.0);
      EXPECT_EQ(out[0].record.longest_wait_s, 0.0);
      EXPECT_EQ(out[0].record.vcpus, 1);
    }
  }
}

// A node killed and started again: the new process's counters start from zero, so it is a new
// baseline, not a negative wait; the old process's partial record is closed when it goes.
TEST(HostStarvationAccumulator, AGuestThatGoesAwayOrRestartsStartsFromANewBaseline) {
  StarvationAccumulator acc(10 * kS);
  auto guest = [](std::int64_t pid, double wait) {
    return GuestThreads{"n1", pid, {thread(pid + 1, "CPU 0/TCG", 5, wait)}};
  };
  acc.add(0, {guest(100, 2.0)});
  acc.add(kS, {guest(100, 2.2)});
  auto gone = acc.add(2 * kS, {});
  ASSERT_EQ(gone.size(), 1u);
  EXPECT_EQ(gone[0].t_ns, kS);
  EXPECT_NEAR(gone[0].record.vcpu_wait_s, 0.2, 1e-9);
  EXPECT_EQ(gone[0].record.pid, 100);
  EXPECT_TRUE(acc.add(3 * kS, {guest(200, 0.1)}).empty());  // a baseline
  acc.add(4 * kS, {guest(200, 0.4)});
  auto restarted = acc.add(5 * kS, {guest(300, 0.0)});  // another restart without a gap
  ASSERT_EQ(restarted.size(), 1u);
  EXPECT_EQ(restarted[0].record.pid, 200);
  EXPECT_NEAR(restarted[0].record.vcpu_wait_s, 0.3, 1e-9);
  EXPECT_TRUE(acc.flush().empty()) << "pid 300 has only its baseline";
}

TEST(HostStarvationAccumulator, AThreadSeenOnceOrWithCountersGoingBackIsNotCounted) {
  StarvationAccumulator acc(kS);
  acc.add(0, {GuestThreads{"n1", 5, {thread(1, "CPU 0/TCG", 1, 1)}}});
  auto out = acc.add(kS, {GuestThreads{"n1", 5, {thread(1, "CPU 0/TCG", 0.5, 0.5),  // tid reused
                                                 thread(2, "CPU 1/TCG", 9, 9)}}});  // new
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].record.vcpu_wait_s, 0.0);
  EXPECT_EQ(out[0].record.vcpus, 0);
}

TEST(HostStarvationProc, ThisProcessReadsItsOwnThreads) {
  ThreadNames names;
  auto threads = read_task_dir(proc_task_dir(::getpid()), &names);
  ASSERT_TRUE(threads);
  ASSERT_FALSE(threads->empty());
  bool main_found = false;
  for (const auto& t : *threads) {
    if (t.tid == ::getpid()) main_found = true;
    EXPECT_FALSE(t.comm.empty());
    EXPECT_EQ(t.comm.find('\n'), std::string::npos);
  }
  EXPECT_TRUE(main_found);
  EXPECT_EQ(names.size(), threads->size());
  EXPECT_FALSE(read_task_dir(kRec / "no-such-sample" / "task"));
}

// A name is read once: the cache answers afterwards, and forgets threads that are gone.
TEST(HostStarvationProc, NamesComeFromTheCacheAndGoneThreadsLeaveIt) {
  ThreadNames names;
  auto first = read_task_dir(kRec / "0" / "task", &names);
  ASSERT_TRUE(first);
  const std::int64_t vcpu = [&] {
    for (const auto& t : *first)
      if (t.comm == "CPU 0/TCG") return t.tid;
    return std::int64_t{0};
  }();
  names[vcpu] = "renamed";
  names[1] = "gone";
  auto again = read_task_dir(kRec / "1" / "task", &names);
  ASSERT_TRUE(again);
  bool renamed = false;
  for (const auto& t : *again) renamed = renamed || (t.tid == vcpu && t.comm == "renamed");
  EXPECT_TRUE(renamed);
  EXPECT_EQ(names.count(1), 0u);
}

}  // namespace
}  // namespace harness
