// harness-observe, the guest side of the state observer, run on the host against stand-in tools
// (a PATH of small scripts) and a stand-in /proc, /sys and /dev: its sections, its stamps (guest
// realtime in ns, taken without a process), a path that never answers RTPG bounded to 2 s, and a
// new interval taken from stdin. The real tools are in every lab run.
#include <sys/stat.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "drivers/observers/sample_sections.hpp"
#include "drivers/remote/local_remote.hpp"
#include "harness/core/clock.hpp"
#include "unit/temp_dir.hpp"

namespace harness {
namespace {

namespace fs = std::filesystem;

std::int64_t realtime_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class HarnessObserveTest : public ::testing::Test {
 public:
  void SetUp() override {
    tool("crm_mon", "echo '<pacemaker-result api-version=\"2.30\"/>'");
    tool("corosync-cfgtool", "echo 'LINK ID 0 udp'");
    tool("multipathd", "echo 'sda|wwid|active|ready|running|50|2:0:0:0|iqn.x:n1|10.0.0.1'");
    // sdb's target is gone: its RTPG never returns on its own.
    tool("sg_rtpg", "case $2 in */sdb) exec sleep 30;; esac; echo \"rtpg of $2\"");
    write_file(root() / "proc/drbd", "version: 8.4.11\n 0: cs:Connected ro:Primary/Primary");
    write_file(root() / "sys/block/sda/stat", "   10 0 80 5 20 0 160 9 0 12 14");
    write_file(root() / "sys/block/sdb/stat", "   1 0 8 1 2 0 16 1 0 2 2");
    fs::create_directories(root() / "run");
  }
  fs::path root() const { return dir.path(); }
  void tool(const std::string& name, const std::string& body) {
    fs::path p = root() / "bin" / name;
    write_file(p, "#!/bin/bash\n" + body + "\n");
    ::chmod(p.c_str(), 0755);
  }
  std::vector<std::string> argv(const std::string& role, const std::string& interval,
                                const std::string& fence_every = "") const {
    return {"env",
            "PATH=" + (root() / "bin").string() + ":/usr/bin:/bin",
            "HARNESS_OBSERVE_PROC=" + (root() / "proc").string(),
            "HARNESS_OBSERVE_SYS=" + (root() / "sys").string(),
            "HARNESS_OBSERVE_DEV=/nonexistent-dev",
            "HARNESS_OBSERVE_RUN=" + (root() / "run").string(),
            "bash", std::string(HARNESS_SOURCE_DIR) + "/drivers/observers/harness-observe",
            role, interval, fence_every};
  }
  // Runs the script until `enough` holds for the sections seen so far, or `timeout_s`.
  std::vector<Section> observe(const std::string& role, const std::string& interval,
                               double timeout_s,
                               const std::function<bool(const std::vector<Section>&)>& enough,
                               const std::string& send_after_first = "",
                               const std::string& fence_every = "") {
    std::mutex mu;
    std::condition_variable cv;
    std::vector<Section> got;
    SectionReader reader([&](const Section& s) {
      std::lock_guard lock(mu);
      got.push_back(s);
      cv.notify_all();
    });
    LocalRemote host(*clock);
    auto stream = host.stream(argv(role, interval, fence_every), [&](std::int64_t t, std::string_view line) {
      reader.feed(t, line);
    });
    bool sent = send_after_first.empty();
    std::unique_lock lock(mu);
    auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
    while (!enough(got)) {
      if (!sent && !got.empty()) {
        sent = true;
        stream->send(send_after_first);
      }
      if (cv.wait_until(lock, until) == std::cv_status::timeout) break;
    }
    auto out = got;
    lock.unlock();
    stream->stop();
    return out;
  }
  static std::vector<std::string> names(const std::vector<Section>& v) {
    std::vector<std::string> out;
    for (const auto& s : v) out.push_back(s.name);
    return out;
  }
  static int count(const std::vector<Section>& v, const std::string& name) {
    int n = 0;
    for (const auto& s : v) n += s.name == name;
    return n;
  }

  TempDir dir;
  std::unique_ptr<Clock> clock = make_system_clock();
};

TEST_F(HarnessObserveTest, TargetSampleHasCrmDrbdCorosyncStampedWithGuestRealtimeNs) {
  const std::int64_t before = realtime_ns();
  auto s = observe("target", "100", 20, [](const auto& v) { return v.size() >= 3; });
  const std::int64_t after = realtime_ns();
  ASSERT_EQ(names(s), (std::vector<std::string>{"crm", "drbd", "corosync"}));
  EXPECT_EQ(s[0].text, "<pacemaker-result api-version=\"2.30\"/>\n");
  // The file's last line has no newline: it is still delivered whole.
  EXPECT_EQ(s[1].text, "version: 8.4.11\n 0: cs:Connected ro:Primary/Primary\n");
  for (const auto& x : s) {
    // Nanoseconds of the realtime clock (a stamp in µs or s would be far off).
    EXPECT_GE(x.guest_ns, before - 1'000'000) << x.name;
    EXPECT_LE(x.guest_ns, after) << x.name;
  }
  EXPECT_LE(s[0].guest_ns, s[1].guest_ns);
  EXPECT_LE(s[1].guest_ns, s[2].guest_ns);
}

TEST_F(HarnessObserveTest, InitiatorSampleBoundsAPathThatNeverAnswersAndRemovesItsScratch) {
  auto t0 = std::chrono::steady_clock::now();
  auto s = observe("initiator", "100", 20, [](const auto& v) { return v.size() >= 4; });
  double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  ASSERT_EQ(names(s), (std::vector<std::string>{"paths", "stat", "rtpg/sda", "rtpg/sdb"}));
  EXPECT_EQ(s[1].text, "sda    10 0 80 5 20 0 160 9 0 12 14\nsdb    1 0 8 1 2 0 16 1 0 2 2\n");
  EXPECT_EQ(s[2].text, "rtpg of /nonexistent-dev/sda\n");
  EXPECT_EQ(s[3].text, "");  // killed after 2 s: empty, the harness reads "did not answer"
  EXPECT_EQ(s[2].guest_ns, s[3].guest_ns);  // asked at once
  EXPECT_LT(took, 10.0);                     // not the 30 s the stand-in would hold
  // The stream's end (SIGTERM to the script) leaves no scratch directory behind.
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!fs::is_empty(root() / "run") && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_TRUE(fs::is_empty(root() / "run"));
}

TEST_F(HarnessObserveTest, ALineOnStdinSetsTheInterval) {
  // A line ends the wait at once (one more sample); at 100 s a third would not come within the
  // test, at the 0.2 s it was sent it does.
  auto s = observe("target", "100", 20, [](const auto& v) { return count(v, "crm") >= 4; },
                   "0.2\n");
  EXPECT_EQ(count(s, "crm"), 4);
}

TEST_F(HarnessObserveTest, AnythingElseOnStdinIsIgnored) {
  auto s = observe("target", "100", 3, [](const auto& v) { return count(v, "crm") >= 3; },
                   "now\n");
  EXPECT_EQ(count(s, "crm"), 2);  // the first, and the one the line woke: the interval held
}

TEST_F(HarnessObserveTest, FencingHistoryAndLinksInTheFirstAndEveryNthSampleOnly) {
  tool("crm_mon", "for a; do case $a in --fence-history=*) echo \"${a#*=}\";; esac; done");
  auto s = observe("target", "0.05", 20, [](const auto& v) { return count(v, "crm") >= 5; }, "",
                   "2");
  std::vector<std::string> crm, after;  // crm_mon's --fence-history, and what followed drbd
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i].name == "crm") crm.push_back(s[i].text);
    if (s[i].name == "drbd") after.push_back(i + 1 < s.size() ? s[i + 1].name : "");
  }
  ASSERT_GE(crm.size(), 5u);
  crm.resize(5);
  EXPECT_EQ(crm, (std::vector<std::string>{"3\n", "0\n", "3\n", "0\n", "3\n"}));
  ASSERT_GE(after.size(), 4u);
  after.resize(4);
  EXPECT_EQ(after, (std::vector<std::string>{"corosync", "crm", "corosync", "crm"}));
}

TEST_F(HarnessObserveTest, AFullLineBringsAFullSampleAtOnce) {
  // The harness's snapshot before a step: at a 100 s interval with full samples every 100th,
  // the line brings the second sample at once, links included.
  auto s = observe("target", "100", 20, [](const auto& v) { return count(v, "crm") >= 2 &&
                                                                   v.back().name != "crm" &&
                                                                   v.back().name != "drbd"; },
                   "full\n", "100");
  EXPECT_EQ(count(s, "crm"), 2);
  EXPECT_EQ(count(s, "corosync"), 2);
}

TEST_F(HarnessObserveTest, RtpgInFullSamplesAndWhenMultipathdsPathsChange) {
  // Samples 1 and 2 see the same paths, sample 3 a failed one: RTPG in 1 (full) and 3 only.
  const std::string count_file = (root() / "run" / "count").string();
  tool("multipathd", "n=$(cat " + count_file + " 2>/dev/null || echo 0); echo $((n + 1)) >" +
                         count_file + "\n[ $n -ge 2 ] && s=failed || s=active\n"
                         "echo \"sda|wwid|$s|ready|running|50|2:0:0:0|iqn.x:n1|10.0.0.1\"");
  tool("sg_rtpg", "echo \"rtpg of $2\"");
  auto s = observe("initiator", "0.05", 20, [](const auto& v) { return count(v, "paths") >= 4; },
                   "", "100");
  std::vector<int> rtpg_per_sample;
  for (const auto& x : s) {
    if (x.name == "paths") rtpg_per_sample.push_back(0);
    if (x.name.starts_with("rtpg/") && !rtpg_per_sample.empty()) ++rtpg_per_sample.back();
  }
  ASSERT_GE(rtpg_per_sample.size(), 4u);
  rtpg_per_sample.resize(4);
  EXPECT_EQ(rtpg_per_sample, (std::vector<int>{2, 0, 2, 0}));
}

// Three samples of a target whose crm_mon takes `crm_s`, 1 s apart as asked: the starts of
// the second and third are each within [lo_ms, hi_ms] of the one before.
void expect_spacing(HarnessObserveTest& t, const char* crm_s, int lo_ms, int hi_ms) {
  t.tool("crm_mon", std::string("sleep ") + crm_s + "; echo crm");
  auto s = t.observe("target", "1", 20, [](const auto& v) {
    return HarnessObserveTest::count(v, "crm") >= 3;
  });
  std::vector<std::int64_t> starts;
  for (const auto& x : s)
    if (x.name == "crm") starts.push_back(x.guest_ns);
  ASSERT_GE(starts.size(), 3u);
  for (std::size_t i = 1; i < 3; ++i) {
    EXPECT_GE(starts[i] - starts[i - 1], lo_ms * 1'000'000LL) << i;
    EXPECT_LE(starts[i] - starts[i - 1], hi_ms * 1'000'000LL) << i;
  }
}

TEST_F(HarnessObserveTest, SamplesStartAnIntervalApartHoweverLongTheyTake) {
  // 0.4 s of sampling: started an interval (1 s) apart, not 1.4 s as a sleep after each would.
  expect_spacing(*this, "0.4", 950, 1250);
}

TEST_F(HarnessObserveTest, AtMostHalfTheTimeSampling) {
  // 0.7 s of sampling against a 1 s interval: the wait is as long as the sample, 1.4 s apart.
  expect_spacing(*this, "0.7", 1350, 1700);
}

}  // namespace
}  // namespace harness
