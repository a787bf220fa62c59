// Scenario files in, a fully validated Scenario out (or one ScenarioError listing every problem,
// and nothing started). Sections are read by lab_spec.cpp, tunables.cpp, workload_spec.cpp,
// steps.cpp and expect_spec.cpp; checks that span sections run once those sections are clean,
// so that one mistake is not reported again as the consequence of another.
#include "harness/scenario/scenario.hpp"

#include "harness/scenario/json_reader.hpp"
#include "harness/scenario/scenario_names.hpp"
#include "harness/scenario/scenario_sections.hpp"
#include "harness/scenario/scenario_text.hpp"
#include "harness/scenario/tunables.hpp"

namespace harness {
namespace {

bool is_schema_reference(std::string_view s) { return !s.empty() && s.size() <= 1024; }

// Reads one optional section; returns false if it added problems.
template <typename Spec, typename Reader>
bool read_section(JsonObjectReader& top, std::string_view key, bool required,
                  std::string_view expected, Reader reader, Spec& out) {
  ScenarioDiagnostics& diag = top.diag();
  const std::size_t before = diag.count();
  if (const auto* v = top.field(key, required, expected)) reader(diag, *v, top.child(key), out);
  return diag.count() == before;
}

}  // namespace

Scenario parse_scenario(std::string_view text, const std::string& file_label,
                        const FaultKinds& kinds) {
  const nlohmann::json doc = parse_scenario_json(text, file_label);
  ScenarioDiagnostics diag(file_label);
  Scenario sc;
  sc.file = file_label;

  JsonObjectReader top(diag, doc, "",
                       "a scenario: {\"name\", \"description\", \"lab\", \"tunables\", "
                       "\"workload\", \"steps\", \"expect\"}");
  if (!top.is_object()) diag.raise_if_any();

  std::string schema;  // "$schema" lets editors find scenarios/schema.json; otherwise unused
  top.get("$schema", false, &is_schema_reference, "the URI or path of the schema", schema);
  top.get("name", true, &is_valid_recipe_name,
          "a scenario name ([a-z0-9][a-z0-9._-], at most 64 characters)", sc.name);
  top.get("description", true, &is_valid_description,
          "a description of what is expected and why (non-empty, at most 16 KiB)", sc.description);
  const bool lab_ok = read_section(top, "lab", false, "", read_lab, sc.lab);
  read_section(top, "tunables", false, "", read_tunables, sc.tunables);
  const bool workload_ok = read_section(top, "workload", false, "", read_workload, sc.workload);
  const auto read_steps_of_kinds = [&kinds](ScenarioDiagnostics& d, const nlohmann::json& v,
                                            const std::string& p, std::vector<Step>& out) {
    read_steps(d, v, p, kinds, out);
  };
  const bool steps_ok = read_section(top, "steps", true,
                                     "a list of fault and heal steps in time order",
                                     read_steps_of_kinds, sc.steps);
  read_section(top, "expect", true,
               "the expected outcome: {\"path_switch_max_s\", \"fenced\", \"survivors\", ...}",
               read_expect, sc.expect);
  top.reject_unknown();

  if (steps_ok) {
    check_step_sequence(diag, sc.steps, "/steps");
    if (workload_ok) check_steps_within_runtime(diag, sc.steps, "/steps", sc.workload.runtime_s);
  }
  if (workload_ok && lab_ok) check_workload_fits_lab(diag, sc.workload, sc.lab, "/workload");
  diag.raise_if_any();
  return sc;
}

Scenario load_scenario(const std::filesystem::path& file, const FaultKinds& kinds) {
  const std::string text = read_scenario_file(file);
  Scenario sc = parse_scenario(text, file.string(), kinds);
  sc.file = file;
  return sc;
}

double latest_at_s(const Step& step) { return step.random ? step.random->at_s.max_s : step.at_s; }

std::optional<double> longest_duration_s(const Step& step) {
  if (step.fault) return step.fault->duration_s;
  if (!step.random) return std::nullopt;
  std::optional<double> longest;
  for (const FaultTemplate& t : step.random->faults) {
    const auto& window = t.duration_s ? t.duration_s : step.random->duration_s;
    if (window && (!longest || window->max_s > *longest)) longest = window->max_s;
  }
  return longest;
}

bool is_role(std::string_view s) { return s == "active" || s == "standby" || s == "initiator"; }

bool is_node_name(std::string_view s) { return s == "n1" || s == "n2" || s == "initiator"; }

}  // namespace harness
