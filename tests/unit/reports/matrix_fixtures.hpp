#pragma once
// A matrix as `harness run scenarios/ --repeat 3` leaves it: a steady pass, a flake whose failing
// repeat was suspect and retried, a scenario whose every repeat hit the lab, and names that break
// naive escaping. Run directories live under a given matrix directory.
#include <filesystem>
#include <string>

#include "harness/core/matrix_result.hpp"
#include "harness/core/matrix_verdict.hpp"
#include "tests/unit/reports/report_fixtures.hpp"

namespace harness::testing {

inline RepeatOutcome repeat_of(const std::filesystem::path& matrix_dir, const std::string& scenario,
                               int repeat, int exit_code, double duration_s) {
  RepeatOutcome r;
  r.repeat = repeat;
  r.run_id = "20240501-1200" + std::to_string(repeat) + "0-" + scenario.substr(0, 5) + "-" +
             std::to_string(exit_code);
  r.run_dir = (matrix_dir / r.run_id).string();
  r.seed = 1000 + static_cast<std::uint64_t>(repeat);
  r.exit_code = exit_code;
  r.duration_s = duration_s;
  r.lab_mode = "reverted";
  r.deploy_key = "lio-2n-3f9a";
  return r;
}

inline MatrixResult sample_matrix(const std::filesystem::path& matrix_dir) {
  MatrixResult m;
  m.matrix_id = "20240501-120000-m1";
  m.seed = 18446744073709551615ULL;
  m.shard_index = 1;
  m.shard_count = 2;
  m.repeat = 3;
  m.pass_rate_required = 1.0;
  m.started_realtime_ns = 1714564800LL * kSec;
  m.duration_s = 3725;

  ScenarioOutcome steady;
  steady.scenario = "link-cut-active";
  steady.file = "scenarios/link-cut-active.json";
  for (int i = 1; i <= 3; ++i) steady.repeats.push_back(repeat_of(matrix_dir, steady.scenario, i, 0, 100));

  ScenarioOutcome flaky;
  flaky.scenario = "split-brain";
  flaky.file = "scenarios/split-brain.json";
  flaky.repeats.push_back(repeat_of(matrix_dir, flaky.scenario, 1, 0, 200));
  RepeatOutcome bad = repeat_of(matrix_dir, flaky.scenario, 2, 1, 210.5);
  bad.suspect = true;
  bad.suspect_reason = "n1 vCPU not scheduled for 2.40 s (limit 1.00 s)";
  flaky.repeats.push_back(bad);
  RepeatOutcome retry = repeat_of(matrix_dir, flaky.scenario, 2, 0, 190);
  retry.retry = true;
  retry.run_id += "-retry";
  retry.run_dir += "-retry";
  flaky.repeats.push_back(retry);
  flaky.repeats.push_back(repeat_of(matrix_dir, flaky.scenario, 3, 0, 195));

  ScenarioOutcome broken;
  broken.scenario = "pause <&> \"quoted\"";
  broken.file = "scenarios/pause.json";
  broken.repeats.push_back(repeat_of(matrix_dir, "pause", 1, 3, 12));
  broken.repeats.push_back(repeat_of(matrix_dir, "pause", 2, 2, 1));
  for (auto& r : broken.repeats) r.deploy_key.clear();

  m.scenarios = {steady, flaky, broken};
  decide_verdicts(m);
  return m;
}

}  // namespace harness::testing
