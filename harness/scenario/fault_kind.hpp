#pragma once
// What a fault kind declares to the scenario reader: its name, the targets it may aim at, and
// its own keys, each with how it is read, its default and its JSON Schema. The declarations live
// with the faults (drivers/faults/<kind>.cpp, listed once in drivers/faults/fault_kinds.cpp) and
// come down to this layer as a FaultKinds list, because the reader sits below the drivers. The
// step reader, the re-check of steps built in code, `harness faults` and the step part of
// scenarios/schema.json all read these declarations and nothing else.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/scenario/diagnostics.hpp"
#include "harness/scenario/scenario.hpp"

namespace harness {

// Targets a kind may aim at. Roles are resolved when the step fires.
inline const std::vector<std::string_view> kAnyTarget = {"active", "standby", "n1", "n2", "initiator"};
inline const std::vector<std::string_view> kTargetNodes = {"active", "standby", "n1", "n2"};

// Where one key's value is read: what to report against, and the step's target (empty when the
// target itself was bad), for keys whose choices depend on it (nics, process).
struct OptionSite {
  ScenarioDiagnostics& diag;
  std::string pointer;
  const std::string& target;
};

struct FaultOption {
  std::string_view key{};
  bool required = false;
  std::string expected{};  // what a missing required key is reported as lacking
  std::string doc{};       // one line for `harness faults`
  // The value as the fault will read it from FaultSpec::options, or nullopt once every
  // problem is reported to site.diag (reading goes on: the user sees all mistakes at once).
  using Reader =
      std::function<std::optional<nlohmann::json>(const OptionSite& site, const nlohmann::json& v)>;
  Reader read{};
  nlohmann::json default_value{};   // filled in when the key is absent; null for none
  nlohmann::ordered_json schema{};  // the key's JSON Schema in the step's alternative
};

struct FaultStepRules {
  std::string_view name{};
  std::string doc{};  // one line for `harness faults`: what the fault does and how it heals
  std::vector<std::string_view> targets{};
  std::vector<FaultOption> options{};  // its own keys; duration_s is every kind's
  bool duration_required = false;    // pause: the freeze lasts duration_s
  // The lab is not the same afterwards (node_upgrade reinstalls a node): a run with such a step
  // gets a lab of its own in a matrix, never one reverted to a shared snapshot.
  bool permanent = false;
  // Rules across keys (if/then/else on the target) added to the step's schema alternative.
  nlohmann::ordered_json schema_extra = nlohmann::ordered_json::object();
};

const FaultStepRules* find_fault_kind(const FaultKinds& kinds, std::string_view name);
std::vector<std::string_view> fault_kind_names(const FaultKinds& kinds);
// The kind's keys as a step may hold them: its own, then duration_s.
std::vector<std::string_view> option_keys(const FaultStepRules& kind);
// Every option key of every kind, duration_s included, each once: what a step may hold at all.
std::vector<std::string_view> all_option_keys(const FaultKinds& kinds);
// `spec` with the kind's defaults filled in for absent keys.
FaultSpec with_defaults(const FaultStepRules& kind, FaultSpec spec);

// Re-reads the fault steps of a Scenario built in code (not parsed) through the same rules:
// ScenarioError "FILE: /steps/N/key: expected X, found Y" for an unknown kind, a bad target or
// a missing or bad key, before anything starts. duration_s may be absent even where a file
// must have it (pause): the runner heals such a fault by a step or at the end. A random step
// still to be drawn is an error too ("/steps/N/random: expected a drawn step").
void check_fault_steps(const Scenario& scenario, const FaultKinds& kinds);

// `$defs/step` of scenarios/schema.json: the heal step, then one alternative per kind.
nlohmann::ordered_json step_schema(const FaultKinds& kinds);
// What `harness faults` prints: each kind, its targets and keys, in the list's order.
std::string fault_kinds_help(const FaultKinds& kinds);

}  // namespace harness
