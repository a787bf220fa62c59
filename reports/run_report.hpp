#pragma once
// What the report writers read: the scenario's identity, how the run went, and the checker
// results. Built by the runner from the History; writers never talk to nodes.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/checks/checker.hpp"
#include "harness/history/history.hpp"

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
};

void to_json(nlohmann::json& j, const PhaseRecord& p);
void to_json(nlohmann::json& j, const RunReport& r);
void from_json(const nlohmann::json& j, RunReport& r);
// Added by the report writers (reports/run_report.cpp): the strict readers behind
// read_result_json. They throw harness::Error whose message starts with the JSON pointer of the
// offending value ("/checks/0/verdict: expected ..."); read_result_json prefixes the file.
void from_json(const nlohmann::json& j, PhaseRecord& p);

}  // namespace harness
