#pragma once
// The vocabulary of `observation/host_sched` events (docs/EVENTS.md): how long the host kept a
// guest's vCPU threads waiting for a CPU, one record per guest about every second while the
// faults and the load run. The starvation sampler writes them (host_starvation_observer.hpp);
// the suspect rule reads them (harness/checks/suspect.hpp). Plain data: the checks read this
// header, never the sampler.
#include <cstdint>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

#include "harness/core/event.hpp"

namespace harness {

// The guest observer (harness-observe) starts a state sample this often while the faults and
// the load run: a change it reports happened at most this long before the sample that saw it
// (longer when the guest starved: it then samples less often). The anatomy's bound for polled
// signals (docs/ANATOMY.md).
inline constexpr double kStateSampleIntervalS = 2.0;

// observation/host_sched: data is a HostSchedRecord; the event's t_ns is the end of its span.
inline constexpr std::string_view kHostSchedWhat = "host_sched";

// One guest's scheduling over a span of consecutive sample intervals. The kernel adds a wait to
// a thread's run-queue total when the thread next gets a CPU, so a wait longer than the sample
// interval shows whole in the interval where it ended.
struct HostSchedRecord {
  double span_s = 0;          // the sample intervals it covers, summed
  int intervals = 0;          // how many
  int vcpus = 0;              // vCPU threads ("CPU n/TCG", "CPU n/KVM"): the most in one interval
  double vcpu_wait_s = 0;     // their run-queue wait (runnable, not running), summed over threads
  double vcpu_cpu_s = 0;      // their time on a CPU, summed
  double longest_wait_s = 0;  // the longest single wait of a vCPU thread its readings prove
                              // (host_starvation.hpp, longest_wait_ns: a lower bound)
  double threads_wait_s = 0;  // run-queue wait of all the process's threads (I/O, RCU, workers)
  std::int64_t pid = 0;       // the guest's process (QEMU)
};

nlohmann::json host_sched_data(const HostSchedRecord& r);
// The record of an observation/host_sched event; nullopt for any other event or when a
// figure the rule needs (span_s, vcpus, vcpu_wait_s) is missing or not a number.
std::optional<HostSchedRecord> host_sched_record(const Event& e);

}  // namespace harness
