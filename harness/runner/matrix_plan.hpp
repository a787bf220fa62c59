#pragma once
// The plan of a matrix run, made before anything starts: which scenarios are selected (-k,
// --rerun-failed), how often each runs (--repeat), which deploy group each run belongs to (runs
// whose deployment is the same share one lab), the order, each run's seed, and this shard's
// share (--shard K/N). Pure: the same inputs give the same plan on every machine, which is what
// lets N machines each run their shard and the shards add up to the whole.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/scenario/scenario.hpp"

namespace harness {

struct PlanOptions {
  std::vector<std::string> patterns;  // -k: a name matches a pattern (glob with * ? [..], else substring)
  std::optional<std::vector<std::string>> only;  // --rerun-failed: exactly these names
  int repeat = 1;
  int shard_index = 1;  // K of K/N
  int shard_count = 1;  // N
  std::uint64_t seed = 0;
  bool fresh_labs = false;  // every run in a group of its own
};

struct PlannedRun {
  std::size_t scenario_index = 0;  // into the scenarios the plan was made from
  int repeat = 1;                  // 1-based
  std::uint64_t seed = 0;
  double expected_s = 0;           // the run's own estimate, without the group's deployment
};

struct DeployGroup {
  std::string key;    // deploy_key() of its scenarios
  std::string label;  // what the key stands for, for people
  std::vector<PlannedRun> runs;
};

struct MatrixPlan {
  std::uint64_t seed = 0;
  int repeat = 1;
  int shard_index = 1;
  int shard_count = 1;
  std::vector<std::size_t> selected;   // scenario indexes, in input order
  std::size_t runs_unsharded = 0;      // selected × repeat
  std::vector<DeployGroup> groups;     // this shard's, in execution order
  double expected_s = 0;               // this shard's estimate, deployments included
};

// Estimates the plan balances shards by (TCG lab figures; only their ratios matter).
inline constexpr double kGroupDeployEstimateS = 190;  // provision + deploy + settle + snapshot
inline constexpr double kRunOverheadEstimateS = 150;  // revert, audit, heal, verify, collect

// Scenarios share a lab when everything their deployment is made from is equal: the lab section
// (image, sizes, target driver; not the libvirt URI, which says where and not what) and every
// tunable (none is applied to a running system yet, so each one needs its own deployment).
// 16 hex digits of FNV-1a over that JSON: stable across machines and releases of the compiler.
std::string deploy_key(const Scenario& s);
std::string deploy_label(const Scenario& s);

// A run's seed: the matrix seed for a first repeat (so `--seed S` of one scenario replays a run
// whose seed was S), mixed with the repeat number for later ones.
std::uint64_t run_seed(std::uint64_t matrix_seed, int repeat);
double expected_run_s(const Scenario& s);

// Throws UsageError for a pattern that selects nothing, an empty selection, or bad numbers.
MatrixPlan plan_matrix(const std::vector<Scenario>& scenarios, const PlanOptions& o);

// "K/N" → {K, N}; UsageError unless 1 ≤ K ≤ N.
std::pair<int, int> parse_shard(const std::string& text);

// --dry-run's outputs.
std::string render_plan_text(const MatrixPlan& p, const std::vector<Scenario>& scenarios);
nlohmann::json plan_json(const MatrixPlan& p, const std::vector<Scenario>& scenarios);

}  // namespace harness
