#pragma once
// The real workload: fio on the initiator's multipath device (fio_job.hpp says which options
// and why).
//
// How fio runs in the guest. Remote::run blocks until the command ends, and a Remote::stream
// dies with its ssh channel (a stalled management link or a reconnect would kill the load in
// the middle of the fault under test). So fio is started detached — `setsid -f bash run.sh`
// with stdio on /dev/null, returning at once — in a working directory of its own, by a small
// runner script that stamps each stderr line with the guest's clock (fio_messages.hpp), writes
// fio's pid at start and its exit status after the last stderr line. Everything after that is
// short Remote::run calls that survive a reconnect: poll, fetch files, kill by pid. systemd-run
// would also work in the guests, but not on a host without systemd, where the same driver is
// tested against real fio through LocalRemote. fio is time-based, so a load the harness
// abandons (killed run) still ends by itself after the runtime.
//
// start(): fresh working directory, job file and runner installed with put_file, fio launched
// with --status-interval=500ms; returns as soon as fio's JSON status shows a completed I/O
// (polled with grep in the guest, nothing fetched). Fails early with fio's stderr if fio ends
// first.
// finish(): waits for fio's exit status (from start + runtime on), then fetches the JSON, the
// stamped stderr and each job's latency log, and records: one io event per completion (t_ns =
// the completion mapped from the guest clock to the host's, lat_ns, bytes, offset, error 0),
// one io event per failed I/O from stderr (error = errno; no lat_ns: fio does not time failed
// I/O), verify/fio_verify (failures reported by verify_backlog) and verify/io_summary.
// Past the deadline fio is sent SIGTERM (it still writes its results), what it wrote is
// recorded, and TimeoutError is thrown.
// readback_verify(): a second fio job reads exactly the blocks whose writes completed (from the
// latency logs) and verifies them; records verify/readback.
//
// Measured against the log sizes: a lat log line is ~42 bytes, 120k lines (60 s at 2000 IOPS)
// ~5 MB, fetched with one `cat` over the ssh master; parsing costs a few ms (bench/
// fio_log_bench.cpp). Not compressed in the guest: the fetch is not the bottleneck.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "drivers/remote.hpp"
#include "drivers/remote/clock_offset.hpp"
#include "drivers/workload.hpp"
#include "drivers/fio/fio_job.hpp"
#include "drivers/fio/fio_log.hpp"
#include "harness/scenario/scenario.hpp"

namespace harness {

// Guest wall-clock ns → host monotonic ns, for the History whose header is `anchor`.
using GuestTimeMap =
    std::function<std::int64_t(std::int64_t guest_realtime_ns, const HistoryHeader& anchor)>;

// The map for an offset estimated elsewhere (estimate_clock_offset on the initiator).
GuestTimeMap guest_time_map(const ClockOffset& offset);

struct FioWorkloadOptions {
  std::string device;                             // the multipath device fio writes to
  // The guest directory for job, results and logs; its last component must start with
  // "harness-fio" (it is emptied at start). One per run: /var/tmp/harness-fio-<run id>.
  std::string work_dir = "/var/tmp/harness-fio";
  std::uint64_t seed = 0;                         // fio randseed (the run's seed)
  std::string node = "initiator";                 // node name in the History
  std::string ioengine = "libaio";
  bool direct = true;
  int verify_backlog = 64;
  double poll_interval_s = 0.25;                  // status polls while starting (first I/O)
  // Polls for fio's exit (end of the load, the read-back): each poll is an ssh command, and
  // the read-back alone lasts tens of seconds.
  double exit_poll_s = 1.0;
  double stop_grace_s = 20;                       // after SIGTERM, for fio to write its results
  double collect_s = 120;                         // fetching results after a timeout
  // Empty: the offset is estimated at start() over the same Remote (estimate_clock_offset).
  GuestTimeMap to_host;
  // "<what> (<seconds since start()> s)" per step of start(): where the wait for the first I/O
  // goes. Empty: quiet.
  std::function<void(const std::string&)> progress;
};

class FioWorkload final : public Workload {
 public:
  // Validates the spec (ScenarioError) and the device and directory names (LabError).
  FioWorkload(Remote& initiator, WorkloadSpec spec, FioWorkloadOptions options);

  void start(History& history, const Deadline& deadline) override;
  void finish(History& history, const Deadline& deadline) override;
  void readback_verify(History& history, const Deadline& deadline) override;

  const FioLayout& layout() const { return layout_; }
  const WrittenBlocks& written() const { return written_; }
  // The guest paths the jobs use (for tests and log collection).
  std::string path(const std::string& file) const { return opt_.work_dir + "/" + file; }
  std::string log_prefix() const { return path("io"); }
  std::string load_job_text() const;
  // The clock offset estimated at start(), if it was estimated here.
  const std::optional<ClockOffset>& clock_offset() const { return offset_; }

 private:
  struct RunResult;  // one fio invocation's results, defined in the .cpp

  void launch(const std::string& name, const std::vector<std::string>& fio_args,
              const Deadline& deadline);
  // Polls until <name>.rc exists; first poll at `not_before_ns`. False if the deadline came.
  bool wait_for_exit(const std::string& name, std::int64_t not_before_ns, const Deadline& deadline);
  // SIGTERM to fio by its pid file (checked to still be fio); best effort.
  void stop_fio(const std::string& name, const Deadline& deadline);
  RunResult collect(const std::string& name, const Deadline& deadline);
  void record_load(History& history, const RunResult& r, const Deadline& deadline);
  std::int64_t to_host(std::int64_t guest_realtime_ns, const HistoryHeader& anchor) const;

  Remote& remote_;
  WorkloadSpec spec_;
  FioWorkloadOptions opt_;
  FioLayout layout_;
  WrittenBlocks written_;
  std::optional<ClockOffset> offset_;
  bool started_ = false;
  bool collected_ = false;
  std::int64_t launched_ns_ = 0;
};

}  // namespace harness
