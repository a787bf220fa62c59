// The "steps" section: the timed faults and heals. Each fault type has its own targets and
// options (table below); the order of steps, their ids and what each heal refers to are
// checked across the list once every step has parsed.
#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "harness/scenario/json_reader.hpp"
#include "harness/scenario/scenario_names.hpp"
#include "harness/scenario/scenario_sections.hpp"

namespace harness {
namespace {

const std::vector<std::string_view> kAllTargets = {"active", "standby", "n1", "n2", "initiator"};
const std::vector<std::string_view> kTargetNodes = {"active", "standby", "n1", "n2"};
const std::vector<std::string_view> kOptionKeys = {"nics", "ring", "duration_s", "process", "mode"};
// mgmt is absent on purpose: the harness reaches every node over it, so it is never faulted.
const std::vector<std::string_view> kNodeNics = {"ring0", "ring1", "san0", "san1"};
const std::vector<std::string_view> kInitiatorNics = {"san0", "san1"};
// Daemons worth killing. DRBD and LIO/SCST live in the kernel: no process to kill.
const std::vector<std::string_view> kNodeDaemons = {
    "corosync",         "pacemakerd",         "pacemaker-based",    "pacemaker-controld",
    "pacemaker-execd",  "pacemaker-fenced",   "pacemaker-attrd",    "pacemaker-schedulerd"};
const std::vector<std::string_view> kInitiatorDaemons = {"iscsid", "multipathd"};

struct FaultRules {
  FaultType type;
  std::string_view name;
  const std::vector<std::string_view>* targets;
  std::vector<std::string_view> required;  // options that must be present
  std::vector<std::string_view> allowed;   // options that may be present (required included)
};

const std::vector<FaultRules>& fault_rules() {
  static const std::vector<FaultRules> rules = {
      {FaultType::link_cut, "link_cut", &kAllTargets, {"nics"}, {"nics", "duration_s"}},
      {FaultType::ring_loss, "ring_loss", &kTargetNodes, {"ring"}, {"ring", "duration_s"}},
      {FaultType::node_kill, "node_kill", &kTargetNodes, {}, {"duration_s"}},
      {FaultType::split_brain, "split_brain", &kTargetNodes, {}, {"duration_s"}},
      {FaultType::disk_error, "disk_error", &kTargetNodes, {}, {"mode", "duration_s"}},
      {FaultType::pause, "pause", &kAllTargets, {"duration_s"}, {"duration_s"}},
      {FaultType::process_kill, "process_kill", &kAllTargets, {"process"},
       {"process", "duration_s"}},
  };
  return rules;
}

const FaultRules& rules_for(FaultType t) {
  for (const auto& r : fault_rules()) {
    if (r.type == t) return r;
  }
  return fault_rules().front();
}

std::vector<std::string_view> fault_names() {
  std::vector<std::string_view> names;
  for (const auto& r : fault_rules()) names.push_back(r.name);
  return names;
}

bool contains(const std::vector<std::string_view>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

constexpr std::string_view kIdShape = "a step id ([a-z0-9][a-z0-9_-], at most 32 characters)";

void read_nics(ScenarioDiagnostics& diag, const nlohmann::json& v, const std::string& pointer,
               const std::string& target, FaultSpec& out) {
  const auto& nics = target == "initiator" ? kInitiatorNics : kNodeNics;
  if (v.is_array()) {
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (v[i] == "mgmt") {
        diag.error(json_pointer_child(pointer, i),
                   "one of " + join_choices(nics) +
                       " (mgmt is never faulted: the harness reaches the nodes over it)",
                   "\"mgmt\"");
        return;
      }
    }
  }
  const std::string noun = target == "initiator"
                               ? "a list of the initiator's networks whose NIC goes down"
                               : "a list of networks whose NIC goes down";
  if (auto list = read_choice_list(diag, v, pointer, nics, noun, false)) out.nics = std::move(*list);
}

void read_fault(JsonObjectReader& r, const nlohmann::json& fault_value, Step& step) {
  ScenarioDiagnostics& diag = r.diag();
  const auto name = read_choice(diag, fault_value, r.child("fault"), fault_names());
  const FaultRules* rules = name ? &rules_for(*fault_type_from_string(*name)) : nullptr;
  FaultSpec spec;
  if (rules) spec.type = rules->type;

  const auto& targets = rules ? *rules->targets : kAllTargets;
  if (const auto* t = r.field("target", true, "a target: one of " + join_choices(targets))) {
    if (auto target = read_choice(diag, *t, r.child("target"), targets)) spec.target = *target;
  }

  for (auto key : kOptionKeys) {
    const bool allowed = !rules || contains(rules->allowed, key);
    const bool required = rules && contains(rules->required, key);
    if (!allowed) {
      // Named explicitly: "not for this fault" says more than "unknown key".
      if (const auto* v = r.field(key, false, "")) {
        diag.error(r.child(key),
                   fmt::format("no \"{}\" for a {} fault (its options: {})", key, rules->name,
                               rules->allowed.empty() ? std::string("none")
                                                      : join_choices(rules->allowed, " and ")),
                   describe_json(*v));
      }
      continue;
    }
    const nlohmann::json* v = nullptr;
    if (key == "nics") {
      v = r.field(key, required, "a list of networks whose NIC goes down (ring0, ring1, san0, san1)");
      if (v) read_nics(diag, *v, r.child(key), spec.target, spec);
    } else if (key == "ring") {
      v = r.field(key, required, "a ring number, 0 or 1");
      if (v) {
        if (auto ring = read_integer(diag, *v, r.child(key), IntRule{0, 1, "a ring number"})) {
          spec.ring = static_cast<int>(*ring);
        }
      }
    } else if (key == "duration_s") {
      const NumberRule rule{0, true, 3600, "a number of seconds (duration_s)"};
      v = r.field(key, required, expected_phrase(rule));
      if (v) {
        if (auto d = read_number(diag, *v, r.child(key), rule)) spec.duration_s = *d;
      }
    } else if (key == "process") {
      v = r.field(key, required, "a daemon: one of " + join_choices(kNodeDaemons, ", ") + ", " +
                                     join_choices(kInitiatorDaemons));
      // Which daemons exist depends on the target; with a bad target that is already reported.
      if (v && !spec.target.empty()) {
        const auto& daemons = spec.target == "initiator" ? kInitiatorDaemons : kNodeDaemons;
        if (auto p = read_choice(diag, *v, r.child(key), daemons)) spec.process = *p;
      }
    } else if (key == "mode") {
      v = r.field(key, required, "one of \"error\" or \"flakey\"");
      if (v) {
        if (auto m = read_choice(diag, *v, r.child(key), {"error", "flakey"})) spec.mode = *m;
      }
    }
  }
  step.fault = std::move(spec);
}

}  // namespace

std::string_view to_string(FaultType t) { return rules_for(t).name; }

std::optional<FaultType> fault_type_from_string(std::string_view s) {
  for (const auto& r : fault_rules()) {
    if (r.name == s) return r.type;
  }
  return std::nullopt;
}

void read_steps(ScenarioDiagnostics& diag, const nlohmann::json& value, const std::string& pointer,
                std::vector<Step>& out) {
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
      for (auto key : kOptionKeys) r.allow(key);
      r.allow("target");
    } else if (!fault && !heal) {
      diag.error(r.child("fault"),
                 "\"fault\" (one of " + join_choices(fault_names()) +
                     ") or \"heal\" (the id of an earlier fault step)",
                 "neither key");
      for (auto key : kOptionKeys) r.allow(key);
      r.allow("target");
    } else if (heal) {
      if (auto h = read_string(diag, *heal, r.child("heal"), &is_valid_step_id,
                               "the id of an earlier fault step")) {
        step.heals = std::move(*h);
      }
    } else {
      read_fault(r, *fault, step);
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
