#include "harness/runner/stop_control.hpp"

#include <iostream>
#include <string>

namespace harness {

StopControl::StopControl(std::ostream* log) : log_(log) {}
StopControl::StopControl() : StopControl(&std::cerr) {}

int StopControl::request(std::string_view why) {
  int n = ++requests_;
  std::string line;
  if (n == 1) {
    stop_.request_stop();
    line = std::string("harness: ") + std::string(why) +
           ": stopping: no more faults; healing what was injected, then tearing down"
           " (send it again to abandon the heals)";
  } else if (n == 2) {
    // Abort implies stop; the first request already stopped.
    stop_.request_stop();
    abort_.request_stop();
    line = std::string("harness: ") + std::string(why) +
           " again: aborting: heal waits abandoned; teardown still runs so nothing is left"
           " behind";
  } else {
    line = std::string("harness: ") + std::string(why) +
           ": already aborting; teardown is running (if you kill the process, run"
           " `harness cleanup` afterwards)";
  }
  if (log_) {
    std::lock_guard lock(log_mu_);
    *log_ << line << std::endl;
  }
  return n;
}

}  // namespace harness
