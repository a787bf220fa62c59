#include "harness/runner/runner.hpp"

#include <algorithm>
#include <exception>
#include <iostream>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "harness/runner/error_context.hpp"
#include "harness/runner/fault_steps.hpp"
#include "harness/runner/heal_stack.hpp"
#include "harness/runner/outcome.hpp"
#include "harness/runner/phase_tracker.hpp"
#include "harness/runner/progress.hpp"
#include "harness/runner/run_id.hpp"
#include "harness/runner/timeline.hpp"
#include "harness/runner/validate.hpp"
#include "harness/scenario/tunables.hpp"

namespace harness {

namespace {

// The state of one run() call, so each phase is a small function.
class RunState {
 public:
  RunState(const Scenario& scenario, Drivers& drivers, Clock& clock, StopControl& stop,
           const RunOptions& options, History& history, Progress& progress)
      : scenario_(scenario), d_(drivers), clock_(clock), stop_(stop), opt_(options),
        dl_(options.deadlines), history_(history), progress_(progress),
        phases_(history, clock, progress) {}

  void run_all() {
    if (opt_.revert_to.empty()) {
      main_phase("provision", dl_.provision_s, [&](const Deadline& d) {
        provision_started_ = true;
        d_.lab->provision(d);
        d_.lab->watch_lifecycle(history_);
      });
      main_phase("deploy", dl_.deploy_s, [&](const Deadline& d) { d_.sut->deploy(d); });
      main_phase("settle", dl_.settle_s, [&](const Deadline& d) { d_.sut->settle(d); });
    } else {
      main_phase("revert", dl_.revert_s, [&](const Deadline& d) {
        provision_started_ = true;  // logs are worth collecting from here on
        auto* snap = dynamic_cast<Snapshottable*>(d_.lab.get());
        if (!snap) throw LabError("this lab cannot revert to a snapshot");
        snap->revert(opt_.revert_to, d);
        // Watched from after the revert: the revert's own lifecycle events are not the scenario's.
        d_.lab->watch_lifecycle(history_);
      });
      main_phase("tunables", dl_.tunables_s,
                 [&](const Deadline& d) { d_.sut->apply_live_tunables(scenario_.tunables, d); });
      main_phase("audit", dl_.audit_s, [&](const Deadline& d) { d_.sut->audit(d); });
    }
    main_phase("workload", dl_.workload_s, [&](const Deadline& d) { start_workload(d); });
    auto timeline = build_timeline(scenario_.steps);
    double faults_s = std::max(scenario_.workload.runtime_s, timeline_end_s(timeline)) +
                      dl_.faults_margin_s;
    main_phase("faults", faults_s, [&](const Deadline& d) { run_faults(timeline, d); });
    heal_phase();
    verify_phase();
    collect_phase();
    teardown_phase();
    d_.lab->unwatch_lifecycle();  // the History goes when the run ends; a shared lab stays
    // A stop that arrived after the last phase that could notice it still ends as interrupted:
    // the user asked for the run to stop, so its verdict is not one to trust.
    bool noted = std::any_of(failures_.begin(), failures_.end(), [](const Failure& f) { return f.interrupted; });
    if (stop_.stop_requested() && !noted) failures_.push_back(interrupted());
  }

  const std::vector<Failure>& failures() const { return failures_; }
  const std::vector<PhaseRecord>& phases() const { return phases_.records(); }

 private:
  static Failure interrupted() { return Failure{ExitCode::infrastructure, "interrupted", true, "interrupted"}; }

  std::string skip_reason() const {
    return !failures_.empty() && failures_.front().interrupted ? "the run was interrupted"
                                                               : "an earlier phase failed";
  }

  template <class Body>
  void main_phase(const std::string& name, double budget_s, Body body) {
    if (failures_.empty() && stop_.stop_requested()) failures_.push_back(interrupted());
    if (!failures_.empty()) {
      phases_.skip(name, skip_reason());
      return;
    }
    Deadline d = Deadline::after(clock_, budget_s, stop_.stop_token());
    record(phases_.run(name, d, budget_s, [&] { body(d); }));
  }

  void record(const std::optional<Failure>& f) {
    if (f) failures_.push_back(*f);
  }

  void start_workload(const Deadline& d) {
    // Arm the watch before pulling the plug; an observer counts as armed (to be disarmed)
    // from the moment its arm() is attempted.
    for (auto& obs : d_.observers) {
      armed_.push_back(obs.get());
      try {
        obs->arm(history_, d);
      } catch (...) {
        rethrow_with_context("observer " + obs->name() + ": arm");
      }
      progress_.line("workload", "observer " + obs->name() + " armed");
    }
    d_.workload->start(history_, d);
    workload_start_ns_ = clock_.now_ns();  // the steps' at_s count from here
    progress_.line("workload", "first I/O completed");
  }

  void run_faults(const std::vector<TimelineEntry>& timeline, const Deadline& d) {
    faults_entered_ = true;
    FaultEnv env{*d_.lab, *d_.sut, clock_, opt_.run_id};
    std::vector<Observer*> observers;
    for (auto& o : d_.observers) observers.push_back(o.get());
    FaultStepContext ctx{env,    d_.faults, observers,   heals_,     stop_.abort_token(),
                         progress_, dl_.call_s, dl_.step_lead_s};
    run_fault_steps(timeline, workload_start_ns_, d, ctx, history_);
    // Faults not healed by a step stay in place while the load runs: a killed node stays off
    // while the cluster fences it and the survivor takes over. The unwind of the heal stack
    // (power on, links up) is the end of the observation window, not the end of the steps.
    const std::int64_t load_end = workload_start_ns_ + seconds_to_ns(scenario_.workload.runtime_s);
    if (!heals_.empty() && clock_.now_ns() < load_end && !d.sleep_until(load_end))
      d.check("faults: waiting for the end of the workload before healing");
  }

  void heal_phase() {
    if (!faults_entered_ && heals_.empty()) {
      phases_.skip("heal", "no fault was injected");
      return;
    }
    // Heals left to unwind mean the load is over (run_faults waited for its end): nothing left
    // to time to the second, and a node powered on boots faster while its peers' observers
    // sample every few seconds (three TCG guests share the host's cores).
    const bool ease = !heals_.empty();
    // The abort token, not the stop token: a first stop request must not break off a heal.
    Deadline d = Deadline::after(clock_, dl_.heal_s, stop_.abort_token());
    record(phases_.run("heal", d, dl_.heal_s, [&] {
      std::vector<std::string> errors;
      try {
        if (ease) ease_off();
      } catch (const std::exception& e) {
        errors.push_back(std::string("observers: ease off: ") + e.what());  // still heal
      }
      auto r = heals_.unwind(history_, d, progress_);
      errors.insert(errors.end(), r.errors.begin(), r.errors.end());
      if (!errors.empty()) throw LabError(fmt::format("{}", fmt::join(errors, "; ")));
      if (r.skipped) throw Interrupted(fmt::format("{} heal(s) abandoned", r.skipped));
    }));
  }

  void verify_phase() {
    // workload.finish waits for the load's runtime to end, so the budget starts there.
    std::int64_t load_end = workload_start_ns_ + seconds_to_ns(scenario_.workload.runtime_s);
    double budget_s = dl_.verify_s + std::max(0.0, ns_to_seconds(load_end - clock_.now_ns()));
    main_phase("verify", budget_s, [&](const Deadline& d) {
      d_.workload->finish(history_, d);
      // The load is over and every fault healed: no window left to time to the second (eased
      // already if there were heals to unwind).
      ease_off();
      if (!scenario_.workload.readback_verify) return d_.sut->verify(history_, d);
      // The read-back (initiator) and the peers' comparison (targets, bringing back a node that
      // was killed or fenced first) are independent; together they take the longer one's time,
      // and the read-back also sees the returning node's failback, as an application would.
      std::exception_ptr readback_error;
      {
        std::jthread readback([&] {
          try {
            d_.workload->readback_verify(history_, d);
          } catch (...) {
            readback_error = std::current_exception();
          }
        });
        try {
          d_.sut->verify(history_, d);
        } catch (...) {
          readback.join();  // nothing runs on behind the phase's back
          if (!readback_error) throw;
          // Both failed (a hung one can take the other past the shared deadline): the target
          // side's error keeps its kind and names the read-back's too.
          std::string also = "read-back: unknown error";
          try {
            std::rethrow_exception(readback_error);
          } catch (const std::exception& e) {
            also = std::string("read-back: ") + e.what();
          } catch (...) {
          }
          rethrow_with_note(also);
        }
      }
      if (readback_error) std::rethrow_exception(readback_error);
      d_.workload->after_verify(history_, d);
    });
  }

  void ease_off() {
    if (eased_) return;
    eased_ = true;
    for (auto* o : armed_) o->ease_off();
  }

  void collect_phase() {
    if (!provision_started_) {
      phases_.skip("collect", "nothing was provisioned");
      return;
    }
    // Logs matter most when something went wrong, so a first stop request does not skip them.
    Deadline d = Deadline::after(clock_, dl_.collect_s, stop_.abort_token());
    record(phases_.run("collect", d, dl_.collect_s, [&] {
      std::vector<std::string> errors;
      bool aborted = false;
      auto attempt = [&](const std::string& what, auto&& fn) {
        try {
          fn();
        } catch (const Interrupted&) {
          aborted = true;
        } catch (const std::exception& e) {
          errors.push_back(what + ": " + e.what());
        }
      };
      for (auto it = armed_.rbegin(); it != armed_.rend(); ++it)
        attempt("observer " + (*it)->name() + ": disarm", [&] { (*it)->disarm(d); });
      armed_.clear();
      std::filesystem::path logs = opt_.run_dir.empty() ? std::filesystem::path("logs") : opt_.run_dir / "logs";
      std::error_code ec;
      std::filesystem::create_directories(logs, ec);  // collect_logs reports what it cannot write
      attempt("collect logs", [&] { d_.sut->collect_logs(logs, d); });
      if (!errors.empty()) throw LabError(fmt::format("{}", fmt::join(errors, "; ")));
      if (aborted) throw Interrupted("collect abandoned");
    }));
  }

  void teardown_phase() {
    if (!provision_started_) {
      phases_.skip("teardown", "nothing was provisioned");
      return;
    }
    if (opt_.keep_lab) {
      phases_.skip("teardown", "keep_lab: the lab is left running");
      return;
    }
    if (!opt_.revert_to.empty()) {
      phases_.skip("teardown", "the deploy group's lab stays up for its next scenario");
      return;
    }
    // No stop token at all: even an aborted run removes what it created.
    Deadline d = Deadline::after(clock_, dl_.teardown_s);
    record(phases_.run("teardown", d, dl_.teardown_s, [&] { d_.lab->teardown(d); }));
  }

  const Scenario& scenario_;
  Drivers& d_;
  Clock& clock_;
  StopControl& stop_;
  const RunOptions& opt_;
  const PhaseDeadlines& dl_;
  History& history_;
  Progress& progress_;
  PhaseTracker phases_;
  HealStack heals_;
  std::vector<Observer*> armed_;
  std::vector<Failure> failures_;
  bool provision_started_ = false;
  bool faults_entered_ = false;
  bool eased_ = false;
  std::int64_t workload_start_ns_ = 0;
};

}  // namespace

RunReport start_report(const Scenario& scenario, const std::string& run_id, std::uint64_t seed,
                       Clock& clock) {
  RunReport report;
  report.run_id = run_id;
  report.scenario_name = scenario.name;
  report.scenario_file = scenario.file.string();
  report.description = scenario.description;
  report.seed = seed;
  report.started_realtime_ns = clock.realtime_ns();
  report.versions = {{"harness", HARNESS_VERSION}};
  return report;
}

Runner::Runner(const Scenario& scenario, Drivers drivers, Clock& clock, StopControl& stop,
               RunOptions options)
    : scenario_(scenario), drivers_(std::move(drivers)), clock_(clock), stop_(stop),
      options_(std::move(options)) {}

RunReport Runner::run(History& history) {
  std::int64_t t0 = clock_.now_ns();
  std::ostream* out = options_.quiet ? nullptr : (options_.progress ? options_.progress : &std::cerr);
  Progress progress(clock_, t0, out);

  RunReport report = start_report(scenario_, options_.run_id, options_.seed, clock_);
  if (history.header().run_id.empty())
    history.header() = make_history_header(options_.run_id, scenario_.name, options_.seed, clock_);
  // The tunables in force (deployed, or applied after a revert): the checks read some of them
  // (fence.delay_node and delay_s explain a fence race) from the History alone.
  history.add(t0, EventKind::note, "", "run",
              {{"seed", options_.seed}, {"scenario", scenario_.name}, {"run_id", options_.run_id},
               {"tunables", tunables_to_json(scenario_.tunables)}});

  if (!drivers_.lab || !drivers_.sut || !drivers_.workload || !drivers_.faults || !options_.checks) {
    report.exit_code = static_cast<int>(ExitCode::infrastructure);
    report.error = "internal error: the runner was given an incomplete set of drivers or no checks";
    return report;
  }
  try {
    report.lab = drivers_.lab->describe();
    validate_against_lab(scenario_, *drivers_.lab);
  } catch (const Error& e) {
    report.exit_code = static_cast<int>(e.exit_code());
    report.error = e.what();
    progress.line("validate", report.error);
    return report;
  } catch (const std::exception& e) {
    report.exit_code = static_cast<int>(ExitCode::infrastructure);
    report.error = std::string("lab: ") + e.what();
    progress.line("validate", report.error);
    return report;
  }
  progress.line("run", fmt::format("{} ({}) on {}, seed {}", scenario_.name, options_.run_id,
                                   report.lab, options_.seed));

  RunState state(scenario_, drivers_, clock_, stop_, options_, history, progress);
  state.run_all();
  report.phases = state.phases();
  // Checks run even after a failure: what they find on a partial History helps diagnose it,
  // and the exit code stays the failure's (outcome.hpp).
  report.checks = options_.checks(history);
  Outcome outcome = decide_outcome(state.failures(), report.checks);
  report.exit_code = outcome.exit_code;
  report.error = outcome.error;
  if (options_.suspect) {
    if (auto why = options_.suspect(history)) {
      report.suspect = true;
      report.suspect_reason = *why;
    }
  }
  report.duration_s = ns_to_seconds(clock_.now_ns() - t0);

  for (const auto& c : report.checks)
    progress.line("check", fmt::format("{}: {}: {}", c.name, to_string(c.verdict), c.summary));
  if (report.suspect) progress.line("suspect", report.suspect_reason);
  progress.line("result", (report.error.empty() ? fmt::format("exit {}", report.exit_code)
                                                : fmt::format("exit {}: {}", report.exit_code, report.error)) +
                             (report.suspect ? " (SUSPECT: the host starved the guests)" : ""));
  return report;
}

}  // namespace harness
