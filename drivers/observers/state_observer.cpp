// Streams of harness-observe, one per node.
#include "drivers/observers/state_observer.hpp"

#include <filesystem>

#include <fmt/format.h>

#include "drivers/parallel.hpp"
#include "drivers/shipped_file.hpp"
#include "harness/core/errors.hpp"

namespace harness {

StateObserver::StateObserver(Lab& lab, Clock& clock, std::function<DeployTopology()> topology,
                             double interval_s, double eased_interval_s)
    : lab_(lab),
      clock_(clock),
      topology_(std::move(topology)),
      interval_s_(interval_s),
      eased_interval_s_(eased_interval_s) {}

StateObserver::~StateObserver() {
  for (auto& [n, c] : channels_)
    if (c.stream) c.stream->stop();
}

void StateObserver::record_offset(const Channel& c, const char* when) {
  if (!history_) return;
  history_->add(clock_.now_ns(), EventKind::note, c.node, "clock",
                {{"offset_ns", c.offset.offset_ns}, {"bound_ns", c.offset.bound_ns},
                 {"rtt_ns", c.offset.rtt_ns}, {"samples", c.offset.samples},
                 {"method", c.offset.method}, {"when", when}});
}

void StateObserver::start(Channel& c, const Deadline& deadline) {
  Remote& r = lab_.remote(c.node);
  // put_file does not create directories.
  r.check({"mkdir", "-p", std::filesystem::path(kObserveScriptPath).parent_path().string()},
          deadline.capped(30));
  r.put_file(read_shipped_file("drivers/observers/harness-observe"), kObserveScriptPath, 0755,
             deadline.capped(30));
  c.offset = estimate_clock_offset(r, deadline.capped(30));
  record_offset(c, "start");
  const std::string node = c.node;
  const HistoryHeader anchor = history_->header();
  const ClockOffset off = c.offset;
  auto to_host = [off, anchor](std::int64_t g) { return guest_realtime_to_host_mono(g, off, anchor); };
  c.reader = std::make_unique<SectionReader>([this, node, to_host](const Section& s) {
    std::lock_guard lock(mu_);
    for (auto& e : maker_->feed(node, s, to_host(s.guest_ns), to_host)) history_->append(std::move(e));
  });
  SectionReader* reader = c.reader.get();
  // nice 10: the node is the system under test; its I/O path (kernel threads, corosync, the
  // cluster daemons) goes first and the sampling waits.
  c.stream = r.stream({"nice", "-n", "10", kObserveScriptPath, c.role,
                       fmt::format("{:g}", eased_ ? eased_interval_s_ : interval_s_)},
                      [reader](std::int64_t host_ns, std::string_view line) {
                        reader->feed(host_ns, line);
                      });
}

void StateObserver::arm(History& history, const Deadline& deadline) {
  history_ = &history;
  auto topo = topology_();
  maker_ = std::make_unique<StateEventMaker>(HealthExpectations::from(topo));
  for (const auto& t : topo.targets) channels_[t.name] = Channel{t.name, "target", {}, {}, {}};
  channels_[topo.initiator.name] = Channel{topo.initiator.name, "initiator", {}, {}, {}};
  std::vector<std::string> nodes;
  for (const auto& [n, c] : channels_) nodes.push_back(n);
  on_each_node(nodes, [&](const std::string& n) { start(channels_.at(n), deadline); });
}

void StateObserver::snapshot(History&, const Deadline& deadline) {
  // A full sample now on every live channel (fencing history, links, RTPG included); channels
  // of nodes that went away come back once the node answers again (and start with a full one).
  for (auto& [n, c] : channels_) {
    if (c.stream && c.stream->running()) {
      c.stream->send("full\n");
      continue;
    }
    try {
      if (c.stream) c.stream->stop();
      c.stream.reset();
      start(c, deadline.capped(15));
    } catch (const Error&) {
      // Still down: the next step tries again.
    }
  }
}

void StateObserver::ease_off() {
  eased_ = true;
  const std::string line = fmt::format("{:g}\n", eased_interval_s_);
  for (auto& [n, c] : channels_)
    if (c.stream) c.stream->send(line);  // a channel that is down restarts eased
}

void StateObserver::disarm(const Deadline& deadline) {
  std::vector<std::string> nodes;
  for (auto& [n, c] : channels_) nodes.push_back(n);
  // Node by node at once: the stream's stop (an ssh call ending the remote script), then the
  // closing offset (25 round trips).
  on_each_node(nodes, [&](const std::string& n) {
    Channel& c = channels_.at(n);
    if (c.stream) c.stream->stop();
    c.stream.reset();
    try {
      c.offset = estimate_clock_offset(lab_.remote(n), deadline.capped(10));
      std::lock_guard lock(mu_);
      record_offset(c, "end");
    } catch (const Error&) {
    }
  });
}

}  // namespace harness
