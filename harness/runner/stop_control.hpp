#pragma once
// How a run is asked to stop. Two levels, because stopping well takes time: the first request
// (SIGINT/SIGTERM, or a test) stops the run — no more faults are injected, what was injected is
// healed, the lab is torn down; a second request aborts — heal waits are abandoned, but teardown
// (resource removal) still runs. Phase deadlines carry the stop token, heal deadlines the abort
// token, teardown neither. Thread-safe: signals arrive on the io_context thread.
#include <atomic>
#include <iosfwd>
#include <mutex>
#include <stop_token>
#include <string_view>

namespace harness {

class StopControl {
 public:
  // `log` receives one line per request saying what happens next; nullptr keeps quiet.
  explicit StopControl(std::ostream* log);
  StopControl();  // logs to std::cerr

  // First call stops, second aborts, later ones only remind. `why` names the cause ("SIGINT").
  // Returns how many requests have arrived, this one included.
  int request(std::string_view why);

  std::stop_token stop_token() const { return stop_.get_token(); }
  std::stop_token abort_token() const { return abort_.get_token(); }
  bool stop_requested() const { return stop_.stop_requested(); }
  bool abort_requested() const { return abort_.stop_requested(); }
  int requests() const { return requests_.load(); }

 private:
  std::ostream* log_;
  std::mutex log_mu_;
  std::atomic<int> requests_{0};
  std::stop_source stop_;
  std::stop_source abort_;
};

}  // namespace harness
