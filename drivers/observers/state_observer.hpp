#pragma once
// Watches the deployed system while faults happen: one long-lived SSH channel per node runs
// harness-observe (a sample starting every 2 s until the heal, then every 5 s, busy at most half
// the time: crm_mon and /proc/drbd on the targets, multipathd paths and per-path I/O counters on
// the initiator; every 5th sample and the one before each step also crm_mon's fencing history,
// corosync links and sg_rtpg per path, see docs/EVENTS.md) and
// StateEventMaker turns its samples into events. Guest stamps are mapped to the host clock
// with each node's clock offset, estimated when its channel starts (and again at disarm: both
// recorded as note/clock events with their error bound). A channel that dies (node killed,
// fenced) is restarted at the next step's snapshot once the node answers again, with a fresh
// offset: a rebooted guest's clock is a new clock.
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "drivers/deploy_plan.hpp"
#include "drivers/lab.hpp"
#include "drivers/observer.hpp"
#include "drivers/observers/events.hpp"
#include "drivers/observers/sample_to_events.hpp"
#include "drivers/remote/clock_offset.hpp"

namespace harness {

inline constexpr const char* kObserveScriptPath = "/usr/local/lib/harness/harness-observe";

class StateObserver final : public Observer {
 public:
  // `topology` is asked at arm(): the lab's addresses exist only once it is provisioned.
  StateObserver(Lab& lab, Clock& clock, std::function<DeployTopology()> topology,
                double interval_s = kStateSampleIntervalS, double eased_interval_s = 5.0);
  ~StateObserver() override;
  std::string name() const override { return "state"; }
  void arm(History& history, const Deadline& deadline) override;
  // Before each step (the runner's lead): a full sample on every channel at once.
  void snapshot(History& history, const Deadline& deadline) override;
  // Tells every channel's harness-observe (on its stdin) to sample every eased_interval_s: a
  // sample costs a TCG target 0.3 s of its vCPU (0.8 s a full one: crm_mon's fencing history,
  // corosync-cfgtool) and the initiator 0.15 s (0.4 s with sg_rtpg per path), with the daemons
  // answering them, which the rejoin and the read-back need.
  void ease_off() override;
  void disarm(const Deadline& deadline) override;

 private:
  struct Channel {
    std::string node, role;
    ClockOffset offset;
    std::unique_ptr<SectionReader> reader;
    std::unique_ptr<Stream> stream;
  };
  void start(Channel& c, const Deadline& deadline);
  void record_offset(const Channel& c, const char* when);

  Lab& lab_;
  Clock& clock_;
  std::function<DeployTopology()> topology_;
  double interval_s_;
  double eased_interval_s_;
  bool eased_ = false;  // channels restarted after ease_off() start at the eased interval
  History* history_ = nullptr;
  std::unique_ptr<StateEventMaker> maker_;
  std::mutex mu_;  // maker_ and history appends from the channels' reader threads
  std::map<std::string, Channel> channels_;
};

}  // namespace harness
