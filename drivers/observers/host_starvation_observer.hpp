#pragma once
// Samples how the host scheduled each guest while the faults and the load run: from arm() (the
// workload's start) to ease_off() (the faults healed and the load over) or disarm(), a reading
// of the lab's guest threads (HostScheduled) every 250 ms on its own thread, accumulated into
// one observation/host_sched event per guest about every second (drivers/observers/events.hpp).
// A lab that cannot show its guests' threads (a remote hypervisor, a lab without
// HostScheduled) gets a note saying so and no samples: such a run is never marked suspect.
#include <memory>
#include <mutex>
#include <thread>

#include "drivers/lab.hpp"
#include "drivers/observer.hpp"
#include "drivers/observers/host_starvation.hpp"
#include "harness/core/clock.hpp"

namespace harness {

inline constexpr double kHostSchedIntervalS = 0.25;  // between two readings
inline constexpr double kHostSchedRecordS = 1.0;     // one event per guest per this much

class HostStarvationObserver final : public Observer {
 public:
  // `interval_s` 0: no sampling thread; readings are taken at arm(), at every snapshot() and at
  // the end only (unit tests on virtual time, where a sleeping thread would race the clock).
  HostStarvationObserver(Lab& lab, Clock& clock, double interval_s = kHostSchedIntervalS,
                         double record_s = kHostSchedRecordS);
  ~HostStarvationObserver() override;
  std::string name() const override { return "host_sched"; }
  void arm(History& history, const Deadline& deadline) override;
  // A reading (no more than that: it is cheap, and the step's instant is a natural boundary).
  void snapshot(History& history, const Deadline& deadline) override;
  // The window is over: the last reading, every pending record written, sampling stopped.
  void ease_off() override;
  void disarm(const Deadline& deadline) override;

 private:
  void sample();
  void finish();
  void record(const std::vector<GuestSchedRecord>& records);

  Lab& lab_;
  Clock& clock_;
  double interval_s_;
  HostScheduled* source_ = nullptr;
  History* history_ = nullptr;
  std::mutex mu_;  // the accumulator and the end flag: the sampling thread and the runner's
  StarvationAccumulator acc_;
  bool finished_ = false;
  std::jthread thread_;
};

}  // namespace harness
