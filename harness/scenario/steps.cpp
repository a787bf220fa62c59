// The "steps" section: the timed faults and heals. Each fault kind declares its own targets and
// keys (fault_kind.hpp; the kinds are handed in from above); the order of steps, their ids and
// what each heal refers to are checked across the list once every step has parsed.
#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "harness/scenario/fault_kind.hpp"
#include "harness/scenario/json_reader.hpp"
#include "harness/scenario/scenario_names.hpp"
#include "harness/scenario/scenario_sections.hpp"

namespace harness {
namespace {

constexpr std::string_view kIdShape = "a step id ([a-z0-9][a-z0-9_-], at most 32 characters)";

void read_duration(JsonObjectReader& r, bool required, FaultSpec& spec) {
  const NumberRule rule{0, true, 3600, "a number of seconds (duration_s)"};
  if (const auto* v = r.field("duration_s", required, expected_phrase(rule))) {
    if (auto d = read_number(r.diag(), *v, r.child("duration_s"), rule)) spec.duration_s = *d;
  }
}

// The step's target, then every option key any kind knows: the kind's own are read by its
// declaration, the others reported as not for this kind (which says more than "unknown key").
// `timing_required`: whether a kind that needs duration_s (pause) must have it; a step built in
// code may leave it to a heal step, which the runner handles, so only files are held to it.
void read_fault(JsonObjectReader& r, const nlohmann::json& fault_value, const FaultKinds& kinds,
                bool timing_required, Step& step) {
  ScenarioDiagnostics& diag = r.diag();
  const auto name = read_choice(diag, fault_value, r.child("fault"), fault_kind_names(kinds));
  const FaultStepRules* kind = name ? find_fault_kind(kinds, *name) : nullptr;
  FaultSpec spec;
  if (kind) spec.kind = kind->name;

  const auto& targets = kind ? kind->targets : kAnyTarget;
  if (const auto* t = r.field("target", true, "a target: one of " + join_choices(targets))) {
    if (auto target = read_choice(diag, *t, r.child("target"), targets)) spec.target = *target;
  }

  for (auto key : all_option_keys(kinds)) {
    if (!kind) {
      r.allow(key);  // the kind is already reported; its keys cannot be judged
      continue;
    }
    const auto own = option_keys(*kind);
    if (std::find(own.begin(), own.end(), key) == own.end()) {
      if (const auto* v = r.field(key, false, "")) {
        diag.error(r.child(key),
                   fmt::format("no \"{}\" for a {} fault (its options: {})", key, kind->name,
                               join_choices(own, " and ")),
                   describe_json(*v));
      }
      continue;
    }
    if (key == "duration_s") {
      read_duration(r, kind->duration_required && timing_required, spec);
      continue;
    }
    const FaultOption& option =
        *std::find_if(kind->options.begin(), kind->options.end(),
                      [&](const FaultOption& o) { return o.key == key; });
    if (const auto* v = r.field(key, option.required, option.expected)) {
      if (auto value = option.read(OptionSite{diag, r.child(key), spec.target}, *v))
        spec.options[std::string(key)] = std::move(*value);
    }
  }
  step.fault = kind ? with_defaults(*kind, std::move(spec)) : std::move(spec);
}

// A fault step as a scenario file would hold it, for re-reading a spec built in code.
nlohmann::json as_step_json(const FaultSpec& f) {
  nlohmann::json j = f.options.is_object() ? f.options : nlohmann::json::object();
  j["fault"] = f.kind;
  j["target"] = f.target;
  if (f.duration_s) j["duration_s"] = *f.duration_s;
  return j;
}

}  // namespace

void check_fault_steps(const Scenario& scenario, const FaultKinds& kinds) {
  ScenarioDiagnostics diag(scenario.file.string());
  for (const Step& s : scenario.steps) {
    if (!s.fault) continue;
    const nlohmann::json j = as_step_json(*s.fault);
    JsonObjectReader r(diag, j, json_pointer_child("/steps", s.index), "a fault step");
    Step reread;
    read_fault(r, j.at("fault"), kinds, false, reread);
    r.allow("fault");
    r.reject_unknown();
  }
  diag.raise_if_any();
}

void read_steps(ScenarioDiagnostics& diag, const nlohmann::json& value, const std::string& pointer,
                const FaultKinds& kinds, std::vector<Step>& out) {
  constexpr std::size_t kMaxSteps = 200;
  if (!value.is_array() || value.size() > kMaxSteps) {
    diag.error(pointer, fmt::format("a list of at most {} steps in time order", kMaxSteps),
               describe_json(value));
    return;
  }
  for (std::size_t i = 0; i < value.size(); ++i) {
    const std::string at = json_pointer_child(pointer, i);
    JsonObjectReader r(diag, value[i], at,
                       "a step: {\"at_s\", \"fault\", \"target\", options} or {\"at_s\", \"heal\"}");
    if (!r.is_object()) continue;
    Step step;
    step.index = i;
    step.id = "step" + std::to_string(i);
    r.get("at_s", true, NumberRule{0, false, std::numeric_limits<double>::infinity(),
                                   "a number of seconds after the workload starts (at_s)"},
          step.at_s);
    r.get("id", false, &is_valid_step_id, kIdShape, step.id);
    const auto* fault = r.field("fault", false, "");
    const auto* heal = r.field("heal", false, "");
    if (fault && heal) {
      diag.error(at, "either \"fault\" or \"heal\" in one step", "both");
      for (auto key : all_option_keys(kinds)) r.allow(key);
      r.allow("target");
    } else if (!fault && !heal) {
      diag.error(r.child("fault"),
                 "\"fault\" (one of " + join_choices(fault_kind_names(kinds)) +
                     ") or \"heal\" (the id of an earlier fault step)",
                 "neither key");
      for (auto key : all_option_keys(kinds)) r.allow(key);
      r.allow("target");
    } else if (heal) {
      if (auto h = read_string(diag, *heal, r.child("heal"), &is_valid_step_id,
                               "the id of an earlier fault step")) {
        step.heals = std::move(*h);
      }
    } else {
      read_fault(r, *fault, kinds, true, step);
    }
    r.reject_unknown();
    out.push_back(std::move(step));
  }
}

void check_step_sequence(ScenarioDiagnostics& diag, const std::vector<Step>& steps,
                         const std::string& pointer) {
  const auto step_ptr = [&](std::size_t i) { return json_pointer_child(pointer, i); };
  const auto explicit_id = [](const Step& s) { return s.id != "step" + std::to_string(s.index); };
  std::map<std::string, std::size_t> first_with_id;
  std::map<std::size_t, std::size_t> healed_by;  // fault step index -> heal step index
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const Step& s = steps[i];
    if (auto [it, inserted] = first_with_id.emplace(s.id, i); !inserted) {
      const std::size_t j = it->second;
      const std::size_t blame = explicit_id(s) ? i : j;
      const std::size_t other = blame == i ? j : i;
      diag.error(json_pointer_child(step_ptr(blame), "id"), "a step id used once",
                 fmt::format("{} (also the id of {})", quote_for_message(s.id), step_ptr(other)));
    }
    if (i > 0 && s.at_s < steps[i - 1].at_s) {
      diag.error(json_pointer_child(step_ptr(i), "at_s"),
                 fmt::format("a number >= {} (not before the previous step)",
                             format_number(steps[i - 1].at_s)),
                 format_number(s.at_s));
    }
    if (!s.heals) continue;
    const std::string heal_ptr = json_pointer_child(step_ptr(i), "heal");
    const auto target = std::find_if(steps.begin(), steps.begin() + static_cast<std::ptrdiff_t>(i),
                                     [&](const Step& o) { return o.id == *s.heals; });
    if (target == steps.begin() + static_cast<std::ptrdiff_t>(i)) {
      std::vector<std::string> ids;
      for (std::size_t j = 0; j < i && ids.size() < 10; ++j) {
        if (steps[j].fault) ids.push_back(steps[j].id);
      }
      std::vector<std::string_view> views(ids.begin(), ids.end());
      diag.error(heal_ptr,
                 ids.empty() ? std::string("the id of an earlier fault step (there is none)")
                             : "the id of an earlier fault step (" + join_choices(views) + ")",
                 describe_json(*s.heals));
      continue;
    }
    const Step& healed = *target;
    if (!healed.fault) {
      diag.error(heal_ptr, "the id of an earlier fault step",
                 quote_for_message(*s.heals) + " (a heal step)");
    } else if (healed.fault->duration_s) {
      diag.error(heal_ptr, "the id of a fault step without duration_s",
                 fmt::format("{} (it heals itself after duration_s = {})",
                             quote_for_message(*s.heals), format_number(*healed.fault->duration_s)));
    } else if (auto [it, inserted] = healed_by.emplace(healed.index, i); !inserted) {
      diag.error(heal_ptr, "the id of a fault step not healed yet",
                 fmt::format("{} (already healed by {})", quote_for_message(*s.heals),
                             step_ptr(it->second)));
    } else if (!(s.at_s > healed.at_s)) {
      diag.error(json_pointer_child(step_ptr(i), "at_s"),
                 fmt::format("a number > {} (after the fault it heals, {})",
                             format_number(healed.at_s), step_ptr(healed.index)),
                 format_number(s.at_s));
    }
  }
}

void check_steps_within_runtime(ScenarioDiagnostics& diag, const std::vector<Step>& steps,
                                const std::string& pointer, double runtime_s) {
  for (const Step& s : steps) {
    const std::string at = json_pointer_child(pointer, s.index);
    if (s.at_s >= runtime_s) {
      diag.error(json_pointer_child(at, "at_s"),
                 fmt::format("a number of seconds < {} (inside workload.runtime_s)",
                             format_number(runtime_s)),
                 format_number(s.at_s));
    } else if (s.fault && s.fault->duration_s && s.at_s + *s.fault->duration_s >= runtime_s) {
      diag.error(json_pointer_child(at, "duration_s"),
                 fmt::format("a number of seconds < {} (the fault must heal inside "
                             "workload.runtime_s = {})",
                             format_number(runtime_s - s.at_s), format_number(runtime_s)),
                 format_number(*s.fault->duration_s));
    }
  }
}

}  // namespace harness
