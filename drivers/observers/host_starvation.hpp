#pragma once
// How much the host starved each guest, from readings of its process's threads (Lab's
// HostScheduled): the parser of /proc/PID/task/TID/schedstat, the vCPU thread names, and the
// accumulator that turns consecutive readings into one HostSchedRecord per guest about every
// second. Pure: no file, no clock; the sampler (host_starvation_observer.hpp) feeds it.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/lab.hpp"
#include "drivers/observers/events.hpp"

namespace harness {

// "CPU_NS WAIT_NS SLICES\n" (/proc/PID/task/TID/schedstat: time on a CPU, time runnable in a
// run queue, timeslices run) into a ThreadSched without tid or comm; nullopt if malformed.
std::optional<ThreadSched> parse_schedstat(std::string_view text);

// A QEMU vCPU thread's name, as QEMU sets it with debug-threads=on (libvirt's default):
// "CPU <n>/<accelerator>" ("CPU 0/TCG", "CPU 3/KVM"). A trailing newline is ignored.
bool is_vcpu_thread(std::string_view comm);

// The longest single wait that one thread's readings prove, from its wait, its timeslices and
// the interval between two readings: a wait is accounted when it ends (the thread is scheduled
// and its timeslice count goes up), and every wait that ends in the interval except the first
// also began in it, so the first lasted at least wait - interval; and the longest lasted at
// least the mean, wait / timeslices. One wait ending in the interval: exactly the wait. A lower
// bound, so that a late reading (a long interval) never turns ordinary waits into a stall.
std::int64_t longest_wait_ns(std::int64_t wait_ns, std::int64_t slices, std::int64_t interval_ns);

// One guest's record, ending at t_ns (host monotonic: the reading that closed it).
struct GuestSchedRecord {
  std::string node;
  std::int64_t t_ns = 0;
  HostSchedRecord record;
};

class StarvationAccumulator {
 public:
  // A record closes once it covers `record_span_ns` of sample intervals.
  explicit StarvationAccumulator(std::int64_t record_span_ns = 1'000'000'000);

  // A reading taken at host time `t_ns`; returns the records it closed. A guest's first reading
  // (or the first after its process changed: a restart) is only a baseline; a thread counts from
  // its second reading. A guest missing from the reading (powered off) has its pending record
  // closed and starts again from a baseline when it is back.
  std::vector<GuestSchedRecord> add(std::int64_t t_ns, const std::vector<GuestThreads>& reading);
  // Closes every pending record that covers at least one interval.
  std::vector<GuestSchedRecord> flush();

 private:
  struct Guest {
    std::int64_t pid = 0;
    std::int64_t last_t_ns = 0;
    std::map<std::int64_t, ThreadSched> last;  // by tid
    HostSchedRecord pending;
    std::int64_t pending_end_ns = 0;
  };
  void close(const std::string& node, Guest& g, std::vector<GuestSchedRecord>& out);

  std::int64_t record_span_ns_;
  std::map<std::string, Guest> guests_;
};

}  // namespace harness
