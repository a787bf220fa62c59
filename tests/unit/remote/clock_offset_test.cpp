// estimate_clock_offset with the host itself (true offset 0) and with a fake node whose clock
// is shifted and whose round trips are asymmetric (exact expected values in virtual time).
#include "drivers/remote/clock_offset.hpp"

#include <gtest/gtest.h>

#include "drivers/remote/local_remote.hpp"
#include "harness/core/errors.hpp"

namespace harness {
namespace {

// A node whose `date +%s%N` reads the host's virtual realtime plus `shift_ns`; each call spends
// out_ns[i] before the node reads its clock and back_ns[i] after.
class ShiftedNode final : public Remote {
 public:
  ShiftedNode(VirtualClock& clock, std::int64_t shift_ns, std::vector<std::int64_t> out_ns,
              std::vector<std::int64_t> back_ns)
      : clock_(clock), shift_(shift_ns), out_(std::move(out_ns)), back_(std::move(back_ns)) {}
  const std::string& node() const override { return name_; }
  CommandResult run(const std::vector<std::string>& argv, const Deadline&, std::string_view) override {
    argvs.push_back(argv);
    std::size_t i = calls++ % out_.size();
    clock_.advance(out_[i]);
    CommandResult r;
    r.exit_status = reply_exit;
    r.out = reply_override.empty() ? std::to_string(clock_.realtime_ns() + shift_) + "\n" : reply_override;
    clock_.advance(back_[i]);
    return r;
  }
  void put_file(std::string_view, const std::string&, int, const Deadline&) override {}
  std::string get_file(const std::string&, const Deadline&) override { return {}; }
  std::unique_ptr<Stream> stream(const std::vector<std::string>&, LineHandler) override { return nullptr; }

  std::size_t calls = 0;
  std::vector<std::vector<std::string>> argvs;
  std::string reply_override;
  int reply_exit = 0;

 private:
  VirtualClock& clock_;
  std::int64_t shift_;
  std::vector<std::int64_t> out_, back_;
  std::string name_ = "n1";
};

TEST(ClockOffset, PicksTheShortestRoundTripAndItsMidpoint) {
  VirtualClock clock;
  const std::int64_t shift = 3'500 * kNsPerMs;  // the node is 3.5 s ahead
  // Sample 2 has the shortest round trip (4 ms), with 1 ms out and 3 ms back: the midpoint
  // assumption is off by (1-3)/2 = -1 ms, inside the 2 ms bound.
  ShiftedNode node(clock, shift, {9 * kNsPerMs, 2 * kNsPerMs, 1 * kNsPerMs, 5 * kNsPerMs},
                   {9 * kNsPerMs, 8 * kNsPerMs, 3 * kNsPerMs, 5 * kNsPerMs});
  auto off = estimate_clock_offset(node, Deadline::after(clock, 60), 8);
  EXPECT_EQ(node.calls, 8u);
  EXPECT_EQ(off.samples, 8);
  EXPECT_EQ(off.rtt_ns, 4 * kNsPerMs);
  EXPECT_EQ(off.bound_ns, 2 * kNsPerMs);
  EXPECT_EQ(off.offset_ns, shift - 1 * kNsPerMs);
  EXPECT_LE(std::llabs(off.offset_ns - shift), off.bound_ns);
  EXPECT_EQ(node.argvs.front(), (std::vector<std::string>{"date", "+%s%N"}));
  EXPECT_EQ(off.method, "exec") << "a node without streams is read one command at a time";
}

TEST(ClockOffset, NegativeShiftAndDefaultSampleCount) {
  VirtualClock clock;
  const std::int64_t shift = -42 * kNsPerS;
  ShiftedNode node(clock, shift, {2 * kNsPerMs}, {2 * kNsPerMs});
  auto off = estimate_clock_offset(node, Deadline::after(clock, 60));
  EXPECT_EQ(node.calls, 25u);
  EXPECT_EQ(off.offset_ns, shift);  // symmetric round trips: exact
  EXPECT_EQ(off.bound_ns, 2 * kNsPerMs);
}

TEST(ClockOffset, GarbageOrFailureIsALabError) {
  VirtualClock clock;
  ShiftedNode node(clock, 0, {kNsPerMs}, {kNsPerMs});
  node.reply_override = "1700000000N\n";  // a date without %N
  EXPECT_THROW(estimate_clock_offset(node, Deadline::after(clock, 60)), LabError);
  node.reply_override = "";
  node.reply_exit = 1;
  EXPECT_THROW(estimate_clock_offset(node, Deadline::after(clock, 60)), LabError);
}

TEST(ClockOffset, HostAgainstItselfIsZeroWithinTheBound) {
  auto clock = make_system_clock();
  LocalRemote host(*clock);
  auto off = estimate_clock_offset(host, Deadline::after(*clock, 60), 10);
  EXPECT_EQ(off.samples, 10);
  // One bash answering lines, not ten processes: a round trip is two pipe hops.
  EXPECT_EQ(off.method, "dialogue");
  EXPECT_GT(off.bound_ns, 0);
  EXPECT_LT(off.bound_ns, 100 * kNsPerMs);
  EXPECT_LE(std::llabs(off.offset_ns), off.bound_ns + 100'000);  // + 0.1 ms between clock reads
}

// A remote whose streams run a given local command instead of the one asked for: the dialogue
// must give up on a node that does not answer (or answers nonsense) and read the clock by exec.
class MisansweringNode final : public Remote {
 public:
  MisansweringNode(Clock& clock, std::vector<std::string> stream_argv)
      : local_(clock), stream_argv_(std::move(stream_argv)) {}
  const std::string& node() const override { return local_.node(); }
  CommandResult run(const std::vector<std::string>& argv, const Deadline& d, std::string_view in) override {
    ++execs;
    return local_.run(argv, d, in);
  }
  void put_file(std::string_view, const std::string&, int, const Deadline&) override {}
  std::string get_file(const std::string&, const Deadline&) override { return {}; }
  std::unique_ptr<Stream> stream(const std::vector<std::string>&, LineHandler h) override {
    return local_.stream(stream_argv_, std::move(h));
  }
  int execs = 0;

 private:
  LocalRemote local_;
  std::vector<std::string> stream_argv_;
};

TEST(ClockOffset, ANodeThatCannotHoldTheDialogueIsReadByExec) {
  auto clock = make_system_clock();
  MisansweringNode garbage(*clock, {"sh", "-c", "while read -r _; do echo soon; done"});
  auto off = estimate_clock_offset(garbage, Deadline::after(*clock, 60), 5);
  EXPECT_EQ(off.method, "exec");
  EXPECT_EQ(garbage.execs, 5);
  EXPECT_LE(std::llabs(off.offset_ns), off.bound_ns + 100'000);

  MisansweringNode gone(*clock, {"true"});  // ends at once: send fails or nothing answers
  off = estimate_clock_offset(gone, Deadline::after(*clock, 60), 3);
  EXPECT_EQ(off.method, "exec");
  EXPECT_EQ(gone.execs, 3);
}

TEST(ClockOffset, GuestStampsMapToHostMonotonic) {
  HistoryHeader anchor;
  anchor.mono_anchor_ns = 1'000 * kNsPerS;
  anchor.realtime_anchor_ns = 1'700'000'000 * kNsPerS;
  ClockOffset off;
  off.offset_ns = 2 * kNsPerS;  // the guest is 2 s ahead
  // A guest event 5 s after the anchor (on the guest's clock, 2 s ahead) is 5 s after it on ours.
  std::int64_t guest = anchor.realtime_anchor_ns + 2 * kNsPerS + 5 * kNsPerS;
  EXPECT_EQ(guest_realtime_to_host_mono(guest, off, anchor), anchor.mono_anchor_ns + 5 * kNsPerS);
}

}  // namespace
}  // namespace harness
