#include "harness/runner/phase_tracker.hpp"

#include <fmt/format.h>

namespace harness {

namespace {
Failure failed(ExitCode code, std::string message) {
  Failure f;
  f.code = code;
  f.message = std::move(message);
  return f;
}
}  // namespace

Failure failure_from(std::exception_ptr error, const std::string& phase, const Deadline& deadline,
                     double budget_s) {
  try {
    std::rethrow_exception(error);
  } catch (const Interrupted& e) {
    return Failure{ExitCode::infrastructure, "interrupted", true,
                   fmt::format("interrupted: {}", e.what())};
  } catch (const TimeoutError& e) {
    // A driver call may have had a shorter cap than the phase; only name the phase's deadline
    // when that is the one that passed.
    if (deadline.expired())
      return failed(ExitCode::infrastructure,
                  fmt::format("phase {}: deadline of {:g} s passed: {}", phase, budget_s, e.what()));
    return failed(ExitCode::infrastructure, fmt::format("phase {}: {}", phase, e.what()));
  } catch (const Error& e) {
    return failed(e.exit_code(), fmt::format("phase {}: {}", phase, e.what()));
  } catch (const std::exception& e) {
    // Not an error kind the drivers are meant to throw: a bug, but still an infrastructure
    // failure of this run rather than a verdict.
    return failed(ExitCode::infrastructure, fmt::format("phase {}: internal error: {}", phase, e.what()));
  } catch (...) {
    return failed(ExitCode::infrastructure, fmt::format("phase {}: unknown internal error", phase));
  }
}

std::optional<Failure> PhaseTracker::run(const std::string& name, const Deadline& deadline,
                                         double budget_s, const std::function<void()>& body) {
  std::int64_t t0 = clock_.now_ns();
  history_.add(t0, EventKind::phase, "", name, {{"state", "begin"}});
  progress_.line(name, "begin");
  std::optional<Failure> failure;
  std::string detail;
  try {
    body();
  } catch (...) {
    failure = failure_from(std::current_exception(), name, deadline, budget_s);
    detail = failure->phase_error.empty() ? failure->message : failure->phase_error;
  }
  std::int64_t t1 = clock_.now_ns();
  PhaseRecord rec{name, failure ? "failed" : "ok", ns_to_seconds(t1 - t0), detail};
  if (failure) {
    history_.add(t1, EventKind::phase, "", name, {{"state", "failed"}, {"error", detail}});
    progress_.line(name, "FAILED: " + detail);
  } else {
    history_.add(t1, EventKind::phase, "", name, {{"state", "end"}});
    progress_.line(name, fmt::format("done in {:.1f} s", rec.duration_s));
  }
  records_.push_back(std::move(rec));
  return failure;
}

void PhaseTracker::skip(const std::string& name, const std::string& why) {
  records_.push_back(PhaseRecord{name, "skipped", 0, why});
  progress_.line(name, "skipped: " + why);
}

}  // namespace harness
