#include "drivers/observers/host_starvation_observer.hpp"

#include <algorithm>

#include "drivers/observers/events.hpp"

namespace harness {

HostStarvationObserver::HostStarvationObserver(Lab& lab, Clock& clock, double interval_s,
                                               double record_s)
    : lab_(lab), clock_(clock), interval_s_(interval_s), acc_(seconds_to_ns(record_s)) {}

HostStarvationObserver::~HostStarvationObserver() {
  thread_.request_stop();
  if (thread_.joinable()) thread_.join();
}

void HostStarvationObserver::arm(History& history, const Deadline&) {
  history_ = &history;
  source_ = dynamic_cast<HostScheduled*>(&lab_);
  const std::int64_t now = clock_.now_ns();
  if (!source_) {
    history.add(now, EventKind::note, "", std::string(kHostSchedWhat),
                {{"sampled", false}, {"reason", lab_.describe() + " cannot show its guests' threads"}});
    return;
  }
  std::vector<GuestThreads> first;
  {
    std::lock_guard lk(mu_);
    first = source_->guest_threads();
    record(acc_.add(clock_.now_ns(), first));
  }
  nlohmann::json guests = nlohmann::json::object();
  for (const auto& g : first) {
    int vcpus = 0;
    for (const auto& t : g.threads) vcpus += is_vcpu_thread(t.comm) ? 1 : 0;
    guests[g.node] = {{"pid", g.pid}, {"threads", g.threads.size()}, {"vcpus", vcpus}};
  }
  // A kernel without scheduler accounting (no CONFIG_SCHED_INFO and delay accounting) shows
  // "0 0 0" for every thread: it would read as a host that never starved anyone.
  bool accounted = false;
  for (const auto& g : first)
    for (const auto& t : g.threads) accounted = accounted || t.cpu_ns > 0;
  const char* why_not = first.empty() ? "no guest process readable on this host"
                        : !accounted  ? "this host's kernel does not account scheduling (schedstat 0 0 0)"
                                      : nullptr;
  nlohmann::json note = {{"sampled", why_not == nullptr}, {"interval_s", interval_s_}, {"guests", guests}};
  if (why_not) {
    note["reason"] = why_not;
    std::lock_guard lk(mu_);
    finished_ = true;  // nothing to sample
  }
  history.add(now, EventKind::note, "", std::string(kHostSchedWhat), std::move(note));
  if (why_not || interval_s_ <= 0) return;
  thread_ = std::jthread([this](std::stop_token stop) {
    const std::int64_t step = seconds_to_ns(interval_s_);
    std::int64_t next = clock_.now_ns() + step;
    while (clock_.sleep_until(next, stop)) {
      sample();
      // A reading that came late (a starved host) is not followed by a burst of catch-ups.
      next = std::max(next + step, clock_.now_ns() + step / 2);
    }
  });
}

void HostStarvationObserver::sample() {
  std::lock_guard lk(mu_);
  if (finished_ || !source_) return;
  try {
    auto reading = source_->guest_threads();
    record(acc_.add(clock_.now_ns(), reading));
  } catch (...) {
    // guest_threads() does not throw; a reading that failed anyway is skipped, not the run.
  }
}

void HostStarvationObserver::record(const std::vector<GuestSchedRecord>& records) {
  if (!history_) return;
  for (const auto& r : records)
    history_->add(r.t_ns, EventKind::observation, r.node, std::string(kHostSchedWhat),
                  host_sched_data(r.record));
}

void HostStarvationObserver::snapshot(History&, const Deadline&) { sample(); }

void HostStarvationObserver::finish() {
  thread_.request_stop();
  if (thread_.joinable()) thread_.join();
  std::lock_guard lk(mu_);
  if (finished_ || !source_) return;
  try {
    record(acc_.add(clock_.now_ns(), source_->guest_threads()));
    record(acc_.flush());
  } catch (...) {
    // as in sample(): the disarm never throws past a timeout, and a lost reading costs little
  }
  finished_ = true;
}

void HostStarvationObserver::ease_off() { finish(); }

void HostStarvationObserver::disarm(const Deadline&) { finish(); }

}  // namespace harness
