#include "drivers/remote/clock_offset.hpp"

#include <charconv>
#include <limits>

#include <fmt/format.h>

#include "harness/errors.hpp"

namespace harness {

namespace {
std::int64_t parse_ns(const std::string& node, std::string_view out) {
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.remove_suffix(1);
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(out.data(), out.data() + out.size(), v);
  // `date` without %N support prints a literal "N": a whole-second clock is useless here.
  if (ec != std::errc() || end != out.data() + out.size() || out.size() < 19)
    throw LabError(fmt::format("{}: `date +%s%N` answered '{}', not nanoseconds since the epoch",
                               node, out.substr(0, 80)));
  return v;
}
}  // namespace

ClockOffset estimate_clock_offset(Remote& remote, const Deadline& deadline, int samples) {
  if (samples < 1) samples = 1;
  Clock& clock = deadline.clock();
  const std::vector<std::string> argv = {"date", "+%s%N"};
  ClockOffset best;
  best.rtt_ns = std::numeric_limits<std::int64_t>::max();
  for (int i = 0; i < samples; ++i) {
    // Monotonic for the round trip (wall time may be stepped meanwhile), realtime for the offset.
    std::int64_t mono0 = clock.now_ns();
    std::int64_t real0 = clock.realtime_ns();
    auto r = remote.check(argv, deadline);
    std::int64_t mono1 = clock.now_ns();
    std::int64_t guest = parse_ns(remote.node(), r.out);
    std::int64_t rtt = mono1 - mono0;
    if (rtt < best.rtt_ns) {
      best.rtt_ns = rtt;
      best.offset_ns = guest - (real0 + rtt / 2);
      best.bound_ns = (rtt + 1) / 2;
    }
    best.samples = i + 1;
  }
  return best;
}

}  // namespace harness
