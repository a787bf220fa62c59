#pragma once
// What a run produced, as plain values: its identity, how each phase went, the checks'
// results. The runner fills it, the CLI adds the verdicts, the report writers read it
// (serialisation lives with them, reports/run_report.hpp).
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/core/check_result.hpp"

namespace harness {

struct PhaseRecord {
  std::string name;            // provision ... teardown
  std::string state;           // ok | failed | skipped
  double duration_s = 0;
  std::string error;           // when failed
};

struct RunReport {
  std::string run_id;
  std::string scenario_name;
  std::string scenario_file;
  std::string description;
  std::uint64_t seed = 0;
  std::int64_t started_realtime_ns = 0;
  double duration_s = 0;                 // time to verdict
  int exit_code = 0;                     // 0 pass, 1 check failed, 2 scenario, 3 lab/infra
  std::string error;                     // infrastructure or scenario error, if any
  std::string lab;                       // Lab::describe()
  std::vector<PhaseRecord> phases;
  std::vector<CheckResult> checks;
  nlohmann::json versions = nlohmann::json::object();  // harness, libvirt, image, packages...
  // The host starved the guests while the faults and load ran (docs/MATRIX.md, "Suspect runs"):
  // the verdict stands, but it is not one to trust. The reason carries the figure.
  bool suspect = false;
  std::string suspect_reason;
  // How the lab was obtained: "fresh" (provisioned and deployed for this run) or "reverted"
  // (a deployed lab shared by a deploy group, reverted to its snapshot and audited).
  std::string lab_mode = "fresh";
};

}  // namespace harness
