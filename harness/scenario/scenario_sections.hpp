#pragma once
// Readers for each section of a scenario file. Each reads its object over defaults already in
// `out`, reports every problem to `diag` and leaves a field at its default when its value is bad.
// Internal to harness/scenario (parse_scenario in scenario.cpp composes them).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/scenario/diagnostics.hpp"
#include "harness/scenario/scenario.hpp"

namespace harness {

void read_lab(ScenarioDiagnostics& diag, const nlohmann::json& value, const std::string& pointer,
              LabSpec& out);
void read_workload(ScenarioDiagnostics& diag, const nlohmann::json& value,
                   const std::string& pointer, WorkloadSpec& out);
void read_expect(ScenarioDiagnostics& diag, const nlohmann::json& value,
                 const std::string& pointer, Expect& out);
// Each step on its own: keys, fault kind, target and the kind's own keys (as `kinds` declare).
void read_steps(ScenarioDiagnostics& diag, const nlohmann::json& value, const std::string& pointer,
                const FaultKinds& kinds, std::vector<Step>& out);

class JsonObjectReader;
// How a fault's duration_s is read with its other keys: required (pause in a file), optional, or
// left to the caller (a random step's template, where it may be a [min, max] range).
enum class DurationKey { required, optional, left_to_caller };
// Every option key any kind knows, from the fault object `r` reads: the kind's own by its
// declaration (against spec.target), the others reported as not for this kind. `kind` null:
// the kind is already reported, its keys are only allowed.
void read_fault_keys(JsonObjectReader& r, const FaultStepRules* kind, const FaultKinds& kinds,
                     DurationKey duration, FaultSpec& spec);
// A fault step's fault as a scenario file would hold it (without at_s and id).
nlohmann::json fault_step_json(const FaultSpec& fault);
// The object of a step's "random" key (random_step.cpp).
void read_random_step(ScenarioDiagnostics& diag, const nlohmann::json& value,
                      const std::string& pointer, const FaultKinds& kinds, RandomStep& out);

// Checks across steps: unique ids, non-decreasing times, heals of earlier fault steps (once,
// and not of a fault that heals itself). Call only when every step parsed.
void check_step_sequence(ScenarioDiagnostics& diag, const std::vector<Step>& steps,
                         const std::string& pointer);
// Every step (and every self-healing fault's end) inside the workload's runtime.
void check_steps_within_runtime(ScenarioDiagnostics& diag, const std::vector<Step>& steps,
                                const std::string& pointer, double runtime_s);
// The fio region must fit on the DRBD device made from the lab's data disk.
void check_workload_fits_lab(ScenarioDiagnostics& diag, const WorkloadSpec& workload,
                             const LabSpec& lab, const std::string& workload_pointer);

}  // namespace harness
