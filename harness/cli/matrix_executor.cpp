#include "harness/cli/matrix_executor.hpp"

#include <algorithm>
#include <iostream>
#include <map>

#include <fmt/format.h>

#include "drivers/fio/options.hpp"
#include "harness/checks/suspect.hpp"
#include "harness/cli/deploy_group.hpp"
#include "harness/cli/progress_log.hpp"
#include "harness/cli/run_directory.hpp"
#include "harness/cli/run_judgement.hpp"
#include "harness/cli/run_image.hpp"
#include "harness/core/errors.hpp"
#include "harness/runner/run_id.hpp"
#include "harness/runner/runner.hpp"
#include "harness/scenario/schedule.hpp"
#include "reports/anatomy_text.hpp"
#include "reports/run_dir.hpp"

namespace harness {

namespace {

// A run that could not start still gets a run directory and a report, so CI shows it red.
RunReport failed_start_report(const Scenario& sc, const std::string& run_id, std::uint64_t seed,
                              const std::string& error, int exit_code, Clock& clock) {
  RunReport r = start_report(sc, run_id, seed, clock);
  r.exit_code = exit_code;
  r.error = error;
  return r;
}

void print_verdicts(const RunReport& r, const std::filesystem::path& run_dir) {
  std::cout << fmt::format("{}: {}{}\n", r.scenario_name,
                           r.exit_code == 0   ? "PASS"
                           : r.exit_code == 1 ? "FAIL"
                                              : fmt::format("ERROR (exit {})", r.exit_code),
                           r.suspect ? " (SUSPECT)" : "");
  for (const auto& c : r.checks) {
    std::cout << fmt::format("  {:<12} {:<7} {}\n", c.name, to_string(c.verdict), c.summary);
    for (const auto& line : anatomy_lines(c)) std::cout << "    " << line << '\n';
  }
  if (!r.error.empty()) std::cout << "  error: " << r.error << '\n';
  if (r.suspect) std::cout << "  suspect: " << r.suspect_reason << '\n';
  std::cout << "  run directory: " << run_dir.string() << std::endl;
}

std::string clock_text(double s) {
  auto t = static_cast<long>(std::max(0.0, s));
  return t >= 3600 ? fmt::format("{}:{:02}:{:02}", t / 3600, t / 60 % 60, t % 60)
                   : fmt::format("{}:{:02}", t / 60, t % 60);
}

// Where the matrix is: which run of how many, elapsed, and what remains by the plan's estimates
// scaled by how the finished runs compared with theirs.
class MatrixProgress {
 public:
  MatrixProgress(const std::vector<ExecGroup>& groups, Clock& clock, const CliContext& ctx)
      : clock_(clock), ctx_(ctx), t0_(clock.now_ns()) {
    for (const auto& g : groups)
      for (const auto& r : g.runs) {
        ++total_;
        remaining_s_ += r.expected_s;
      }
  }
  void start(const Scenario& sc, const ExecRun& r, bool retry) {
    ++started_;
    if (ctx_.quiet) return;
    double elapsed = ns_to_seconds(clock_.now_ns() - t0_);
    // Scale the estimates by how the finished runs compared with theirs, once one has taken a
    // while (a run that failed at once says nothing about how long the others take).
    double scale = expected_done_s_ > 0 && elapsed >= 60 ? elapsed / expected_done_s_ : 1.0;
    std::cerr << fmt::format("[{}/{}] {} (repeat {}{}, seed {}): elapsed {}, about {} left\n",
                             started_, total_, sc.name, r.repeat, retry ? ", retry of a suspect run" : "",
                             r.seed, clock_text(elapsed), clock_text(remaining_s_ * scale));
  }
  void finish(const ExecRun& r) {
    remaining_s_ = std::max(0.0, remaining_s_ - r.expected_s);
    expected_done_s_ += r.expected_s;
  }
  void extra() { ++total_; }

 private:
  Clock& clock_;
  const CliContext& ctx_;
  std::int64_t t0_;
  int total_ = 0, started_ = 0;
  double remaining_s_ = 0, expected_done_s_ = 0;
};

bool phase_failed(const RunReport& r, const std::string& name) {
  return std::any_of(r.phases.begin(), r.phases.end(),
                     [&](const PhaseRecord& p) { return p.name == name && p.state == "failed"; });
}

class Executor {
 public:
  Executor(const std::vector<Scenario>& scenarios, const MatrixExecOptions& o, CliContext& ctx,
           Clock& clock, StopControl& stop, MatrixProgress& progress)
      : scenarios_(scenarios), o_(o), ctx_(ctx), clock_(clock), stop_(stop), progress_(progress) {}

  void run_group(const ExecGroup& g, MatrixExecResult& res) {
    // A group of one run gains nothing from a snapshot: it runs on a fresh lab, as
    // `harness run one.json` always has.
    fresh_ = o_.fresh_labs || g.runs.size() == 1;
    GroupLab lab;
    std::uint64_t verify_bytes = 0;
    for (const auto& r : g.runs)
      verify_bytes = std::max(verify_bytes, workload_region_bytes(scenarios_[r.scenario_index].workload));
    for (const auto& run : g.runs) {
      if (stop_.stop_requested()) break;
      RepeatOutcome first = run_one(g, run, lab, verify_bytes, false, res);
      if (first.suspect && o_.retry_suspect && !stop_.stop_requested()) {
        progress_.extra();
        run_one(g, run, lab, verify_bytes, true, res);
      }
    }
    tear_down_group_lab(lab, clock_, ctx_);
  }

 private:
  RepeatOutcome run_one(const ExecGroup& g, const ExecRun& run, GroupLab& lab,
                        std::uint64_t verify_bytes, bool retry, MatrixExecResult& res) {
    // The run's own schedule: random steps drawn from its seed, recorded in schedule.json.
    const DrawnScenario drawn = draw_schedule(scenarios_[run.scenario_index], run.seed);
    const Scenario& sc = drawn.scenario;
    progress_.start(sc, run, retry);
    std::string run_id = make_run_id(sc.name, clock_, run.seed);
    auto run_dir = create_run_directory(o_.out, run_id, sc.file, sc.lab.image);
    write_schedule_file(run_dir, schedule_json(drawn));
    History history(make_history_header(run_id, sc.name, run.seed, clock_));
    history.stream_to(run_dir_files(run_dir).history);
    RunReport report;
    ProgressLog plog(run_dir_files(run_dir).progress_log, ctx_.quiet ? nullptr : &std::cerr);
    std::optional<ImageInfo> image;  // known once the lab is made
    try {
      RunOptions opts;
      opts.run_id = run_id;
      opts.seed = run.seed;
      opts.run_dir = run_dir;
      // The runner's lines also go to the run directory, --quiet or not.
      opts.progress = &plog.stream();
      opts.checks = [this, &sc, run_dir](const History& h) {
        return o_.checks ? o_.checks(sc, h) : judge_run(sc, h, run_dir);
      };
      // Host starvation sampled during the run makes it suspect (docs/CHECKS.md).
      opts.suspect = [](const History& h) { return suspect_reason(h); };
      Drivers drivers;
      if (fresh_) {
        opts.keep_lab = o_.keep_lab;
        // The online verify covers the region the workload wrote (validated to fit the device).
        auto parts = make_lab(sc, run_id, workload_region_bytes(sc.workload));
        image = parts.image;
        drivers = make_drivers(parts, sc, run_id, run_dir, run.seed);
      } else {
        if (!lab.up) {
          std::string group_id = make_run_id("group-" + g.key.substr(0, 8), clock_, run.seed);
          lab = stand_up_group_lab(make_lab(sc, group_id, verify_bytes), group_id, ctx_, clock_, stop_);
        }
        image = lab.parts.image;
        drivers = make_drivers(lab.parts, sc, run_id, run_dir, run.seed);
        opts.revert_to = lab.snapshot;
      }
      // Before the run, so that a run killed on its way still says what it ran on.
      if (image) copy_image_manifest(run_dir, *image);
      Runner runner(sc, std::move(drivers), clock_, stop_, opts);
      report = runner.run(history);
    } catch (const Error& e) {
      std::string what = !fresh_ && !lab.up ? std::string("deploy group: ") + e.what() : e.what();
      report = failed_start_report(sc, run_id, run.seed, what, static_cast<int>(e.exit_code()), clock_);
    }
    if (image) name_run_image(report, *image);
    report.lab_mode = fresh_ ? "fresh" : "reverted";
    // A lab that could not be brought back to its snapshot, or failed its audit, is not one
    // to run the next scenario on: the group deploys a new one.
    if (!fresh_ && lab.up && (phase_failed(report, "revert") || phase_failed(report, "audit"))) {
      std::cerr << fmt::format("deploy group {}: {} failed its {}; the next run deploys a new lab\n",
                               lab.run_id, run_id, phase_failed(report, "revert") ? "revert" : "audit");
      tear_down_group_lab(lab, clock_, ctx_);
    }
    write_run_reports(report, history, run_dir);
    print_verdicts(report, run_dir);
    progress_.finish(run);

    RepeatOutcome out = repeat_outcome(report, run_dir.string());
    out.repeat = run.repeat;
    out.seed = run.seed;
    out.retry = retry;
    out.deploy_key = g.key;
    auto& sco = outcome_for(run.scenario_index, res);
    sco.repeats.push_back(out);
    res.worst_exit = std::max(res.worst_exit, report.exit_code);
    res.reports.push_back(std::move(report));
    if (o_.after_run) o_.after_run(res);
    return out;
  }

  LabAndSut make_lab(const Scenario& sc, const std::string& lab_run_id, std::uint64_t verify_bytes) {
    return o_.make_lab ? o_.make_lab(sc, lab_run_id, verify_bytes)
                       : make_real_lab(sc, ctx_, lab_run_id, clock_, verify_bytes);
  }

  Drivers make_drivers(const LabAndSut& parts, const Scenario& sc, const std::string& run_id,
                       const std::filesystem::path& run_dir, std::uint64_t seed) {
    return o_.make_drivers ? o_.make_drivers(parts, sc, run_id, run_dir, seed)
                           : make_run_drivers(parts, sc, ctx_, run_id, run_dir, clock_, seed);
  }

  ScenarioOutcome& outcome_for(std::size_t index, MatrixExecResult& res) {
    auto it = slot_.find(index);
    if (it != slot_.end()) return res.outcomes[it->second];
    slot_[index] = res.outcomes.size();
    ScenarioOutcome so;
    so.scenario = scenarios_[index].name;
    so.file = scenarios_[index].file.string();
    res.outcomes.push_back(so);
    return res.outcomes.back();
  }

  const std::vector<Scenario>& scenarios_;
  const MatrixExecOptions& o_;
  CliContext& ctx_;
  Clock& clock_;
  StopControl& stop_;
  MatrixProgress& progress_;
  std::map<std::size_t, std::size_t> slot_;
  bool fresh_ = false;  // this group's runs each get their own lab
};

}  // namespace

MatrixExecResult execute_matrix(const std::vector<Scenario>& scenarios,
                                const std::vector<ExecGroup>& groups, const MatrixExecOptions& o,
                                CliContext& ctx, Clock& clock, StopControl& stop) {
  MatrixExecResult res;
  MatrixProgress progress(groups, clock, ctx);
  Executor ex(scenarios, o, ctx, clock, stop, progress);
  for (const auto& g : groups) {
    if (stop.stop_requested()) break;
    ex.run_group(g, res);
  }
  if (stop.stop_requested()) res.worst_exit = std::max(res.worst_exit, 3);
  return res;
}

}  // namespace harness
