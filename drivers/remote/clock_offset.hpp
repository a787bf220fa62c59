#pragma once
// Guest timestamps (journal, drbdsetup events2, fio logs) are on the guest's wall clock; the
// History is on the host's monotonic clock. The offset between the guest's and the host's
// wall clocks is estimated over the management link, Cristian-style: the host notes its time
// before and after asking the guest for its time, assumes the answer was read at the midpoint,
// and keeps the sample with the shortest round trip, whose half is the error bound.
#include <cstdint>
#include <string>

#include "drivers/remote.hpp"
#include "harness/core/history.hpp"
#include "harness/core/deadline.hpp"

namespace harness {

struct ClockOffset {
  std::int64_t offset_ns = 0;  // guest realtime − host realtime
  std::int64_t bound_ns = 0;   // |true offset − offset_ns| <= bound_ns (half the best round trip)
  std::int64_t rtt_ns = 0;     // the best round trip
  int samples = 0;             // samples taken
  std::string method;          // "dialogue" (one channel, a reading per line) or "exec"
};

// Takes `samples` readings of the node's clock over `remote`. First over one long-lived channel:
// a bash loop that answers each line the host sends with $EPOCHREALTIME, so a round trip is a
// line each way (milliseconds even under TCG). If the node cannot hold that dialogue (no stream,
// no bash, no answer), each reading is a `date +%s%N` command on the open connection instead:
// a channel set-up and an exec per reading, about 10x the round trip. Throws LabError if the
// node's answer is not a time, TimeoutError past the deadline.
ClockOffset estimate_clock_offset(Remote& remote, const Deadline& deadline, int samples = 25);

// Host monotonic ns of a guest realtime stamp: host_mono = guest_rt − offset − realtime_anchor
// + mono_anchor.
inline std::int64_t guest_realtime_to_host_mono(std::int64_t guest_realtime_ns,
                                                const ClockOffset& offset,
                                                const HistoryHeader& anchor) {
  return guest_realtime_ns - offset.offset_ns - anchor.realtime_anchor_ns + anchor.mono_anchor_ns;
}

}  // namespace harness
