#pragma once
// The acknowledged-write ledger as a workload beside fio (docs/LEDGER.md): harness-ledger on
// its own region of the initiator's multipath device, open loop, then read back through the
// device, through each path and on each DRBD peer's backing device.
//
// Like fio, the writer runs detached in the guest (`setsid -f` of the runner drivers/ledger/
// ledger-run: pid file, stderr, exit status last) so that a stalled or re-established
// management link cannot kill the load in the middle of the fault; everything after is short
// Remote::run calls. The read-backs are bounded reads and run in the foreground.
//
// Files go to the run directory (`save_dir`): write.log and one listing per view (*.rbk); the
// History gets verify/ledger_log (the log, its counts, the map of its clock to the host's) and
// one verify/ledger_readback per view. The check loads the files those events name
// (harness/cli/run_judgement.hpp): ten thousand writes a minute are not History events.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "drivers/fio/fio_workload.hpp"
#include "drivers/ledger/options.hpp"
#include "drivers/remote.hpp"
#include "drivers/workload.hpp"

namespace harness {

// A DRBD peer whose backing device is read back after the heal.
struct LedgerPeer {
  std::string node;    // "n1"
  Remote* remote = nullptr;
  std::string device;  // its backing device (/dev/mapper/harness-backing)
};

struct LedgerWorkloadOptions {
  std::string device;                    // the multipath device (initiator)
  std::uint64_t offset_bytes = 0;        // the region's start on it
  double duration_s = 60;                // the load's length (the workload's runtime_s)
  std::uint64_t run_id = 0;              // written into every block; nonzero
  std::uint64_t seed = 0;
  // Guest directory on every node that runs the program; its last component starts with
  // "harness-ledger" (it is emptied at start).
  std::string work_dir = "/var/tmp/harness-ledger";
  std::filesystem::path save_dir;        // host: where the log and listings are kept
  std::string save_prefix = "ledger";    // ...named relative to the run directory as this
  std::filesystem::path program;         // host: the built harness-ledger
  std::vector<LedgerPeer> peers;
  bool read_paths = true;                // each multipath path's device too (multipathd)
  double poll_s = 0.5;
  GuestTimeMap to_host;                  // empty: the offset is estimated at start()
  std::function<void(const std::string&)> progress;
};

class LedgerWorkload final : public Workload {
 public:
  // Validates the options (ScenarioError) and the names (LabError).
  LedgerWorkload(Remote& initiator, LedgerOptions spec, LedgerWorkloadOptions options);

  void start(History& history, const Deadline& deadline) override;
  void finish(History& history, const Deadline& deadline) override;
  void readback_verify(History& history, const Deadline& deadline) override;
  void after_verify(History& history, const Deadline& deadline) override;

  // The writer's command line in the guest (tests).
  std::vector<std::string> writer_args() const;

 private:
  std::string path(const std::string& file) const { return opt_.work_dir + "/" + file; }
  void install(Remote& r, const Deadline& deadline);
  // Runs a read-back of `device` on `r` and records its listing as a view.
  void read_back(History& history, Remote& r, const std::string& device, const std::string& role,
                 const std::string& name, const std::string& file, bool by_log,
                 const Deadline& deadline);
  void stop_writer(const Deadline& deadline);
  std::int64_t to_host(std::int64_t guest_realtime_ns, const HistoryHeader& anchor) const;

  Remote& remote_;
  LedgerOptions spec_;
  LedgerWorkloadOptions opt_;
  std::optional<ClockOffset> offset_;
  bool started_ = false, collected_ = false;
  std::int64_t launched_ns_ = 0;
};

// The run id written into the ledger's blocks, from the harness's run id: never 0.
std::uint64_t ledger_run_id(const std::string& run_id);

}  // namespace harness
