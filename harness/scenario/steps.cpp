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

// The step's target, then every option key any kind knows (read_fault_keys).
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
  read_fault_keys(r, kind, kinds,
                  kind && kind->duration_required && timing_required ? DurationKey::required
                                                                     : DurationKey::optional,
                  spec);
  step.fault = kind ? with_defaults(*kind, std::move(spec)) : std::move(spec);
}

}  // namespace

nlohmann::json fault_step_json(const FaultSpec& f) {
  nlohmann::json j = f.options.is_object() ? f.options : nlohmann::json::object();
  j["fault"] = f.kind;
  j["target"] = f.target;
  if (f.duration_s) j["duration_s"] = *f.duration_s;
  return j;
}

// The kind's own keys are read by its declaration, the others reported as not for this kind
// (which says more than "unknown key"); spec.target decides keys whose choices depend on it.
void read_fault_keys(JsonObjectReader& r, const FaultStepRules* kind, const FaultKinds& kinds,
                     DurationKey duration, FaultSpec& spec) {
  ScenarioDiagnostics& diag = r.diag();
  for (auto key : all_option_keys(kinds)) {
    if (!kind || (key == "duration_s" && duration == DurationKey::left_to_caller)) {
      r.allow(key);  // the kind is already reported (its keys cannot be judged), or not ours
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
      read_duration(r, duration == DurationKey::required, spec);
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
}

void check_fault_steps(const Scenario& scenario, const FaultKinds& kinds) {
  ScenarioDiagnostics diag(scenario.file.string());
  for (const Step& s : scenario.steps) {
    if (s.random) {
      // The runner runs drawn steps only: a random one left in would silently not happen.
      diag.error(json_pointer_child(json_pointer_child("/steps", s.index), "random"),
                 "a drawn step (draw_schedule resolves random steps before a run)",
                 "a random step");
      continue;
    }
    if (!s.fault) continue;
    const nlohmann::json j = fault_step_json(*s.fault);
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
                       "a step: {\"at_s\", \"fault\", \"target\", options}, {\"at_s\", \"heal\"} "
                       "or {\"random\"}");
    if (!r.is_object()) continue;
    Step step;
    step.index = i;
    step.id = "step" + std::to_string(i);
    r.get("id", false, &is_valid_step_id, kIdShape, step.id);
    const auto* fault = r.field("fault", false, "");
    const auto* heal = r.field("heal", false, "");
    const auto* random = r.field("random", false, "");
    const NumberRule at_rule{0, false, std::numeric_limits<double>::infinity(),
                             "a number of seconds after the workload starts (at_s)"};
    const auto allow_fault_keys = [&] {
      for (auto key : all_option_keys(kinds)) r.allow(key);
      r.allow("target");
      r.allow("at_s");
    };
    if ((fault ? 1 : 0) + (heal ? 1 : 0) + (random ? 1 : 0) > 1) {
      diag.error(at, "either \"fault\", \"heal\" or \"random\" in one step",
                 random ? (fault ? "\"fault\" and \"random\"" : "\"heal\" and \"random\"")
                        : "both \"fault\" and \"heal\"");
      allow_fault_keys();
    } else if (!fault && !heal && !random) {
      diag.error(r.child("fault"),
                 "\"fault\" (one of " + join_choices(fault_kind_names(kinds)) +
                     "), \"heal\" (the id of an earlier fault step) or \"random\" (faults to "
                     "draw one from)",
                 "none of them");
      allow_fault_keys();
    } else if (random) {
      // Its instant is drawn: the window is inside "random", and so is everything else.
      if (const auto* v = r.field("at_s", false, "")) {
        diag.error(r.child("at_s"),
                   "no at_s beside \"random\" (the instant is drawn from random.at_s)",
                   describe_json(*v));
      }
      RandomStep rs;
      read_random_step(diag, *random, r.child("random"), kinds, rs);
      step.at_s = rs.at_s.min_s;
      step.random = std::move(rs);
    } else {
      r.get("at_s", true, at_rule, step.at_s);
      if (heal) {
        if (auto h = read_string(diag, *heal, r.child("heal"), &is_valid_step_id,
                                 "the id of an earlier fault step")) {
          step.heals = std::move(*h);
        }
      } else {
        read_fault(r, *fault, kinds, true, step);
      }
    }
    r.reject_unknown();
    out.push_back(std::move(step));
  }
}

namespace {

// Where a step's instant is in the file: its at_s, or the window of a random step.
std::string at_pointer(const std::string& step_pointer, const Step& s) {
  return s.random ? json_pointer_child(json_pointer_child(step_pointer, "random"), "at_s")
                  : json_pointer_child(step_pointer, "at_s");
}

std::string window_text(const SecondsRange& r) {
  return fmt::format("[{}, {}]", format_number(r.min_s), format_number(r.max_s));
}

// A random step's longest duration and where it is written (the shared window or a template's).
std::optional<std::pair<double, std::string>> longest_random_duration(const RandomStep& rs,
                                                                      const std::string& random_ptr) {
  std::optional<std::pair<double, std::string>> out;
  for (std::size_t k = 0; k < rs.faults.size(); ++k) {
    const FaultTemplate& t = rs.faults[k];
    std::optional<std::pair<double, std::string>> d;
    if (t.duration_s) {
      d = {{t.duration_s->max_s,
            json_pointer_child(json_pointer_child(json_pointer_child(random_ptr, "faults"), k),
                               "duration_s")}};
    } else if (rs.duration_s) {
      d = {{rs.duration_s->max_s, json_pointer_child(random_ptr, "duration_s")}};
    }
    if (d && (!out || d->first > out->first)) out = d;
  }
  return out;
}

}  // namespace

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
    // A random step spans its window: any instant drawn from it keeps the steps in order.
    if (i > 0 && s.at_s < latest_at_s(steps[i - 1])) {
      const Step& prev = steps[i - 1];
      if (!s.random && !prev.random) {
        diag.error(at_pointer(step_ptr(i), s),
                   fmt::format("a number >= {} (not before the previous step)",
                               format_number(prev.at_s)),
                   format_number(s.at_s));
      } else {
        diag.error(at_pointer(step_ptr(i), s),
                   fmt::format("{} >= {} (not before the previous step{})",
                               s.random ? "a window from" : "a number",
                               format_number(latest_at_s(prev)),
                               prev.random ? ", which is drawn as late as that" : ""),
                   s.random ? window_text(s.random->at_s) : format_number(s.at_s));
      }
    }
    if (!s.heals) continue;
    const std::string heal_ptr = json_pointer_child(step_ptr(i), "heal");
    const auto target = std::find_if(steps.begin(), steps.begin() + static_cast<std::ptrdiff_t>(i),
                                     [&](const Step& o) { return o.id == *s.heals; });
    if (target == steps.begin() + static_cast<std::ptrdiff_t>(i)) {
      std::vector<std::string> ids;
      for (std::size_t j = 0; j < i && ids.size() < 10; ++j) {
        if (steps[j].fault || steps[j].random) ids.push_back(steps[j].id);
      }
      std::vector<std::string_view> views(ids.begin(), ids.end());
      diag.error(heal_ptr,
                 ids.empty() ? std::string("the id of an earlier fault step (there is none)")
                             : "the id of an earlier fault step (" + join_choices(views) + ")",
                 describe_json(*s.heals));
      continue;
    }
    const Step& healed = *target;
    if (!healed.fault && !healed.random) {
      diag.error(heal_ptr, "the id of an earlier fault step",
                 quote_for_message(*s.heals) + " (a heal step)");
    } else if (healed.fault && healed.fault->duration_s) {
      diag.error(heal_ptr, "the id of a fault step without duration_s",
                 fmt::format("{} (it heals itself after duration_s = {})",
                             quote_for_message(*s.heals), format_number(*healed.fault->duration_s)));
    } else if (healed.random && longest_duration_s(healed)) {
      diag.error(heal_ptr, "the id of a fault step without duration_s",
                 fmt::format("{} (a random step whose drawn fault may heal itself: it has a "
                             "duration_s)",
                             quote_for_message(*s.heals)));
    } else if (auto [it, inserted] = healed_by.emplace(healed.index, i); !inserted) {
      diag.error(heal_ptr, "the id of a fault step not healed yet",
                 fmt::format("{} (already healed by {})", quote_for_message(*s.heals),
                             step_ptr(it->second)));
    } else if (!(s.at_s > latest_at_s(healed))) {
      diag.error(json_pointer_child(step_ptr(i), "at_s"),
                 fmt::format("a number > {} (after the {} it heals, {})",
                             format_number(latest_at_s(healed)),
                             healed.random ? "latest instant of the random fault" : "fault",
                             step_ptr(healed.index)),
                 format_number(s.at_s));
    }
  }
}

void check_steps_within_runtime(ScenarioDiagnostics& diag, const std::vector<Step>& steps,
                                const std::string& pointer, double runtime_s) {
  for (const Step& s : steps) {
    const std::string at = json_pointer_child(pointer, s.index);
    const double latest = latest_at_s(s);
    std::optional<std::pair<double, std::string>> longest;
    if (s.fault && s.fault->duration_s) {
      longest = {{*s.fault->duration_s, json_pointer_child(at, "duration_s")}};
    } else if (s.random) {
      longest = longest_random_duration(*s.random, json_pointer_child(at, "random"));
    }
    if (latest >= runtime_s) {
      diag.error(at_pointer(at, s),
                 fmt::format("{} < {} (inside workload.runtime_s)",
                             s.random ? "a window of seconds ending" : "a number of seconds",
                             format_number(runtime_s)),
                 s.random ? window_text(s.random->at_s) : format_number(s.at_s));
    } else if (longest && latest + longest->first >= runtime_s) {
      diag.error(longest->second,
                 fmt::format("{} < {} (the fault must heal inside workload.runtime_s = {}{})",
                             s.random ? "durations" : "a number of seconds",
                             format_number(runtime_s - latest), format_number(runtime_s),
                             s.random ? ", drawn as late as " + format_number(latest) : ""),
                 s.random ? "up to " + format_number(longest->first)
                          : format_number(longest->first));
    }
  }
}

}  // namespace harness
