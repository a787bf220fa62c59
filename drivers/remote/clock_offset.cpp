#include "drivers/remote/clock_offset.hpp"

#include <charconv>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>

#include <fmt/format.h>

#include "harness/core/errors.hpp"

namespace harness {

namespace {

std::string_view chomp(std::string_view s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::int64_t parse_ns(const std::string& node, std::string_view out) {
  out = chomp(out);
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(out.data(), out.data() + out.size(), v);
  // `date` without %N support prints a literal "N": a whole-second clock is useless here.
  if (ec != std::errc() || end != out.data() + out.size() || out.size() < 19)
    throw LabError(fmt::format("{}: `date +%s%N` answered '{}', not nanoseconds since the epoch",
                               node, out.substr(0, 80)));
  return v;
}

// bash's $EPOCHREALTIME: seconds, the locale's decimal point, six digits of microseconds.
std::optional<std::int64_t> parse_epochrealtime(std::string_view s) {
  s = chomp(s);
  const auto dot = s.find_first_of(".,");
  if (dot == std::string_view::npos || s.size() - dot - 1 != 6) return std::nullopt;
  std::int64_t sec = 0, us = 0;
  auto a = std::from_chars(s.data(), s.data() + dot, sec);
  auto b = std::from_chars(s.data() + dot + 1, s.data() + s.size(), us);
  if (a.ec != std::errc() || a.ptr != s.data() + dot || b.ec != std::errc() ||
      b.ptr != s.data() + s.size() || sec < 1'000'000'000)
    return std::nullopt;
  return sec * 1'000'000'000 + us * 1'000;
}

// One sample: the host's monotonic and realtime before asking, monotonic after the answer.
void keep_if_best(ClockOffset& best, std::int64_t mono0, std::int64_t real0, std::int64_t mono1,
                  std::int64_t guest_ns) {
  const std::int64_t rtt = mono1 - mono0;
  if (rtt < best.rtt_ns) {
    best.rtt_ns = rtt;
    best.offset_ns = guest_ns - (real0 + rtt / 2);
    best.bound_ns = (rtt + 1) / 2;
  }
}

ClockOffset empty_best() {
  ClockOffset best;
  best.rtt_ns = std::numeric_limits<std::int64_t>::max();
  return best;
}

// A constant script: reads a line, answers with the clock, until stdin closes.
constexpr const char* kTimeDialogue = "while read -r _; do echo \"$EPOCHREALTIME\"; done";
constexpr double kFirstAnswerS = 10.0;  // channel set-up and bash start, under TCG
constexpr double kAnswerS = 2.0;

struct Answers {
  std::mutex mu;
  std::condition_variable cv;
  std::deque<std::string> lines;
};

std::optional<ClockOffset> over_dialogue(Remote& remote, const Deadline& deadline, int samples) {
  auto answers = std::make_shared<Answers>();
  std::unique_ptr<Stream> stream;
  try {
    stream = remote.stream({"bash", "-c", kTimeDialogue}, [answers](std::int64_t, std::string_view l) {
      std::lock_guard lock(answers->mu);
      answers->lines.emplace_back(l);
      answers->cv.notify_one();
    });
  } catch (const LabError&) {
    return std::nullopt;
  }
  if (!stream) return std::nullopt;
  Clock& clock = deadline.clock();
  ClockOffset best = empty_best();
  best.method = "dialogue";
  for (int i = 0; i < samples; ++i) {
    const std::int64_t mono0 = clock.now_ns();
    const std::int64_t real0 = clock.realtime_ns();
    if (!stream->send("\n")) break;
    const double wait_s = std::min(i == 0 ? kFirstAnswerS : kAnswerS, deadline.remaining_s());
    const auto until = std::chrono::steady_clock::now() +
                       std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                           std::chrono::duration<double>(std::max(wait_s, 0.0)));
    std::string line;
    {
      std::unique_lock lock(answers->mu);
      // In slices, so a command that ended (no bash, connection gone) is noticed at once.
      while (answers->lines.empty() && stream->running() &&
             std::chrono::steady_clock::now() < until)
        answers->cv.wait_for(lock, std::chrono::milliseconds(50));
      if (answers->lines.empty()) break;
      line = std::move(answers->lines.front());
      answers->lines.pop_front();
    }
    const std::int64_t mono1 = clock.now_ns();
    auto guest = parse_epochrealtime(line);
    if (!guest) break;
    keep_if_best(best, mono0, real0, mono1, *guest);
    best.samples = i + 1;
  }
  stream->stop();
  if (best.samples < samples) return std::nullopt;
  return best;
}

ClockOffset over_exec(Remote& remote, const Deadline& deadline, int samples) {
  Clock& clock = deadline.clock();
  const std::vector<std::string> argv = {"date", "+%s%N"};
  ClockOffset best = empty_best();
  best.method = "exec";
  for (int i = 0; i < samples; ++i) {
    // Monotonic for the round trip (wall time may be stepped meanwhile), realtime for the offset.
    const std::int64_t mono0 = clock.now_ns();
    const std::int64_t real0 = clock.realtime_ns();
    auto r = remote.check(argv, deadline);
    const std::int64_t mono1 = clock.now_ns();
    keep_if_best(best, mono0, real0, mono1, parse_ns(remote.node(), r.out));
    best.samples = i + 1;
  }
  return best;
}

}  // namespace

ClockOffset estimate_clock_offset(Remote& remote, const Deadline& deadline, int samples) {
  if (samples < 1) samples = 1;
  if (auto d = over_dialogue(remote, deadline, samples)) return *d;
  deadline.check(remote.node() + ": clock offset");
  return over_exec(remote, deadline, samples);
}

}  // namespace harness
