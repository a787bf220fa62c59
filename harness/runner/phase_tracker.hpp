#pragma once
// Runs one phase of a run: records phase begin/end/failed events (docs/EVENTS.md) and a
// PhaseRecord, prints progress, and turns whatever the phase threw into a Failure. Never
// throws, so the runner's sequence of phases reads as plain code.
#include <cstdint>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "harness/core/errors.hpp"
#include "harness/core/history.hpp"
#include "harness/core/deadline.hpp"
#include "harness/runner/progress.hpp"
#include "harness/core/run_report.hpp"

namespace harness {

struct Failure {
  ExitCode code = ExitCode::infrastructure;
  std::string message;       // "phase settle: deadline of 300 s passed: <what>"; "interrupted"
  bool interrupted = false;  // a stop request, not a broken lab
  std::string phase_error;   // for the PhaseRecord: as message, but says what was interrupted
};

// The message for an exception escaping phase `phase` whose deadline was `deadline` (of
// `budget_s` seconds). Timeouts say which deadline passed; a stop request reads "interrupted".
Failure failure_from(std::exception_ptr error, const std::string& phase, const Deadline& deadline,
                     double budget_s);

class PhaseTracker {
 public:
  PhaseTracker(History& history, Clock& clock, Progress& progress)
      : history_(history), clock_(clock), progress_(progress) {}

  // Runs `body` as phase `name`. Returns the failure, if any.
  std::optional<Failure> run(const std::string& name, const Deadline& deadline, double budget_s,
                             const std::function<void()>& body);
  // A phase that did not run (an earlier failure, or keep_lab): a record, no events.
  void skip(const std::string& name, const std::string& why);

  const std::vector<PhaseRecord>& records() const { return records_; }

 private:
  History& history_;
  Clock& clock_;
  Progress& progress_;
  std::vector<PhaseRecord> records_;
};

}  // namespace harness
