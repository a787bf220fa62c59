#include "fakes/fake_workload.hpp"

#include <vector>

namespace harness {

void FakeWorkload::start(History&, const Deadline& deadline) {
  plan_.call("workload.start", deadline);
  ++start_calls;
  if (opt_.start_latency_ns > 0) clock_.sleep_until(clock_.now_ns() + opt_.start_latency_ns);
  start_ns_ = clock_.now_ns();
}

void FakeWorkload::finish(History& history, const Deadline& deadline) {
  plan_.call("workload.finish", deadline);
  ++finish_calls;
  std::int64_t end = start_ns_ + seconds_to_ns(opt_.runtime_s);
  if (!deadline.sleep_until(end)) {
    deadline.check("fio");
    throw TimeoutError("fio: deadline passed before the runtime ended");
  }
  std::vector<std::int64_t> stalls;
  for (const auto& e : history.events())
    if (e.kind == EventKind::inject && e.t_ns >= start_ns_ && e.t_ns <= end) stalls.push_back(e.t_ns);
  std::int64_t stall_ns = seconds_to_ns(opt_.stall_s);
  std::int64_t ios = 0;
  std::int64_t stalled_since = -1;
  for (std::int64_t t = start_ns_ + opt_.interval_ns; t <= end; t += opt_.interval_ns) {
    bool stalled = false;
    for (auto s : stalls) {
      if (t >= s && t < s + stall_ns) {
        stalled = true;
        if (stalled_since < 0 || s < stalled_since) stalled_since = s;
      }
    }
    if (stalled) continue;
    std::int64_t lat = opt_.latency_ns;
    if (stalled_since >= 0) {
      lat = t - stalled_since;  // submitted when the stall began, completed now
      stalled_since = -1;
    }
    history.add(t, EventKind::io, "initiator", "write",
                {{"lat_ns", lat},
                 {"bytes", opt_.bytes},
                 {"offset", (ios * opt_.bytes) % (256LL << 20)},
                 {"error", 0}});
    ++ios;
  }
  ios_recorded = static_cast<std::size_t>(ios);
  history.add(clock_.now_ns(), EventKind::verify, "initiator", "fio_verify",
              {{"errors", opt_.verify_errors}, {"detail", "fake fio"}});
  history.add(clock_.now_ns(), EventKind::verify, "initiator", "io_summary",
              {{"ios", ios}, {"io_errors", 0}});
}

void FakeWorkload::readback_verify(History& history, const Deadline& deadline) {
  plan_.call("workload.readback_verify", deadline);
  ++readback_calls;
  history.add(clock_.now_ns(), EventKind::verify, "initiator", "readback",
              {{"ok", opt_.readback_ok},
               {"bytes", static_cast<std::int64_t>(ios_recorded) * opt_.bytes},
               {"errors", opt_.readback_ok ? 0 : 1}});
}

}  // namespace harness
