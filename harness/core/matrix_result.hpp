#pragma once
// What a matrix run produced (`harness run` over several scenarios, repeats, one shard), as plain
// values: one entry per selected scenario, each with its repeats. The CLI fills it; the report
// writers serialise it (matrix.json), render it (summary, JUnit, index) and merge shards.
#include <cstdint>
#include <string>
#include <vector>

#include "harness/core/run_report.hpp"

namespace harness {

// One execution of one scenario: a run directory of its own.
struct RepeatOutcome {
  int repeat = 1;                 // 1-based
  std::string run_id;
  std::string run_dir;            // usable from the working directory (or absolute); matrix.json
                                  // stores it relative to its own directory (reports/matrix_json.hpp)
  std::uint64_t seed = 0;
  int exit_code = 0;              // the run's own: 0 pass, 1 fail, 2 scenario, 3 infrastructure
  double duration_s = 0;
  bool suspect = false;
  std::string suspect_reason;
  bool retry = false;             // an extra run because an earlier repeat was suspect
  std::string lab_mode;           // fresh | reverted
  std::string deploy_key;
};

// A run's report as one repeat of its scenario (repeat 1, not a retry, no deploy key: the
// caller sets what the report does not know).
RepeatOutcome repeat_outcome(const RunReport& r, const std::string& run_dir);

struct ScenarioOutcome {
  std::string scenario;           // name
  std::string file;
  std::vector<RepeatOutcome> repeats;
  int exit_code = 0;              // the scenario's verdict over its repeats (decide_verdict)
  bool flake = false;             // repeats disagree on pass/fail
  double pass_rate = 0;           // passes / repeats counted
};

struct MatrixResult {
  std::string matrix_id;
  std::uint64_t seed = 0;         // the matrix seed (each run's own seed is in its RepeatOutcome)
  int shard_index = 1;            // K of --shard K/N (1/1 when not sharded)
  int shard_count = 1;
  int repeat = 1;
  double pass_rate_required = 1.0;
  std::int64_t started_realtime_ns = 0;
  double duration_s = 0;
  std::vector<ScenarioOutcome> scenarios;
};

}  // namespace harness
