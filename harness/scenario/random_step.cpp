// The "random" form of a step: faults to draw one from, targets to draw one from, and the
// windows its instant and duration are drawn from. Everything a draw can produce is checked
// here, before any seed is known: every template with every listed target reads as a valid
// fault step, so draw_schedule (schedule.cpp) cannot produce a step the reader would refuse.
#include <algorithm>

#include <fmt/format.h>

#include "harness/scenario/fault_kind.hpp"
#include "harness/scenario/json_reader.hpp"
#include "harness/scenario/scenario_sections.hpp"

namespace harness {
namespace {

const NumberRule kInstantRule{0, false, std::numeric_limits<double>::infinity(),
                              "a number of seconds after the workload starts"};
const NumberRule kDurationRule{0, true, 3600, "a number of seconds"};

// A number of seconds, or [min, max] with min <= max, each bound within `rule`.
std::optional<SecondsRange> read_seconds_or_range(ScenarioDiagnostics& diag, const nlohmann::json& v,
                                                  const std::string& pointer, const NumberRule& rule,
                                                  std::string_view key) {
  if (v.is_number()) {
    auto x = read_number(diag, v, pointer, rule);
    if (!x) return std::nullopt;
    return SecondsRange{*x, *x};
  }
  if (!v.is_array() || v.size() != 2) {
    diag.error(pointer,
               fmt::format("{} ({}), or [min, max] to draw it from", expected_phrase(rule), key),
               describe_json(v));
    return std::nullopt;
  }
  auto lo = read_number(diag, v[0], json_pointer_child(pointer, std::size_t{0}), rule);
  auto hi = read_number(diag, v[1], json_pointer_child(pointer, std::size_t{1}), rule);
  if (!lo || !hi) return std::nullopt;
  if (*hi < *lo) {
    diag.error(json_pointer_child(pointer, std::size_t{1}),
               fmt::format("a number >= {} (the upper bound of {}, not below its lower bound)",
                           format_number(*lo), key),
               format_number(*hi));
    return std::nullopt;
  }
  return SecondsRange{*lo, *hi};
}

bool takes_target(const FaultStepRules& kind, std::string_view target) {
  return std::find(kind.targets.begin(), kind.targets.end(), target) != kind.targets.end();
}

struct TemplateContext {
  const FaultKinds& kinds;
  const std::vector<std::string>* targets;  // null: each template names its own
  std::string targets_pointer;              // /steps/N/random/targets
  bool shared_duration = false;             // /steps/N/random/duration_s is given
  std::string duration_pointer;             // /steps/N/random/duration_s
};

// One entry of "faults": a fault step without at_s and id, its target taken from the step's
// "targets" when those are listed. Its keys are read against every target it may be drawn
// with; a target that makes them wrong is reported at that target, with the reason.
void read_template(ScenarioDiagnostics& diag, const nlohmann::json& value, const std::string& pointer,
                   const TemplateContext& c, std::vector<FaultTemplate>& out) {
  JsonObjectReader r(diag, value, pointer,
                     "a fault to draw: {\"fault\", \"target\", the kind's keys, \"duration_s\"}");
  if (!r.is_object()) return;
  const std::size_t problems_before = diag.count();
  const FaultStepRules* kind = nullptr;
  if (const auto* f = r.field("fault", true, "a fault kind: one of " + join_choices(fault_kind_names(c.kinds)))) {
    if (auto name = read_choice(diag, *f, r.child("fault"), fault_kind_names(c.kinds)))
      kind = find_fault_kind(c.kinds, *name);
  }
  FaultSpec spec;
  if (kind) spec.kind = kind->name;

  std::vector<std::string> other_targets;  // drawn targets the keys are also read against
  if (c.targets) {
    if (const auto* t = r.field("target", false, "")) {
      diag.error(r.child("target"),
                 fmt::format("no target in a fault to draw when {} lists them", c.targets_pointer),
                 describe_json(*t));
    }
    for (std::size_t j = 0; j < c.targets->size(); ++j) {
      const std::string& target = (*c.targets)[j];
      if (kind && !takes_target(*kind, target)) {
        diag.error(json_pointer_child(c.targets_pointer, j),
                   fmt::format("a target every fault to draw takes ({} is a {} fault, which "
                               "takes {})",
                               pointer, kind->name, join_choices(kind->targets)),
                   quote_for_message(target));
      } else if (spec.target.empty()) {
        spec.target = target;
      } else {
        other_targets.push_back(target);
      }
    }
  } else {
    const auto& targets = kind ? kind->targets : kAnyTarget;
    if (const auto* t = r.field("target", true, "a target: one of " + join_choices(targets))) {
      if (auto target = read_choice(diag, *t, r.child("target"), targets)) spec.target = *target;
    }
  }
  read_fault_keys(r, kind, c.kinds, DurationKey::left_to_caller, spec);

  FaultTemplate t;
  if (const auto* d = r.field("duration_s", false, "")) {
    t.duration_s = read_seconds_or_range(diag, *d, r.child("duration_s"), kDurationRule, "duration_s");
  } else if (kind && kind->duration_required && !c.shared_duration) {
    diag.error(r.child("duration_s"),
               fmt::format("a number of seconds or [min, max] (duration_s): a {} fault needs one, "
                           "here or in {}",
                           kind->name, c.duration_pointer),
               "no such key");
  }
  r.reject_unknown();

  // The keys read against the first target; now against each other one, quietly, so that a
  // target which breaks them is named once, at the target, with the first reason.
  if (kind && diag.count() == problems_before) {
    for (const std::string& target : other_targets) {
      ScenarioDiagnostics scratch("");
      JsonObjectReader again(scratch, value, pointer, "");
      FaultSpec other;
      other.kind = kind->name;
      other.target = target;
      read_fault_keys(again, kind, c.kinds, DurationKey::left_to_caller, other);
      if (scratch.empty()) continue;
      const auto at = std::find(c.targets->begin(), c.targets->end(), target) - c.targets->begin();
      diag.error(json_pointer_child(c.targets_pointer, static_cast<std::size_t>(at)),
                 fmt::format("a target the keys of {} allow", pointer),
                 fmt::format("{} ({})", quote_for_message(target), scratch.lines().front()));
    }
  }
  if (!kind) return;
  if (c.targets) spec.target.clear();  // drawn later from the step's list
  t.fault = with_defaults(*kind, std::move(spec));
  out.push_back(std::move(t));
}

}  // namespace

void read_random_step(ScenarioDiagnostics& diag, const nlohmann::json& value,
                      const std::string& pointer, const FaultKinds& kinds, RandomStep& out) {
  JsonObjectReader r(diag, value, pointer,
                     "what to draw: {\"faults\", \"targets\", \"at_s\", \"duration_s\"}");
  if (!r.is_object()) return;
  TemplateContext c{kinds, nullptr, r.child("targets"), false, r.child("duration_s")};

  bool targets_ok = true;
  if (const auto* t = r.field("targets", false, "")) {
    auto list = read_choice_list(diag, *t, r.child("targets"), kAnyTarget,
                                 "a list of targets to draw one from", false);
    if (list) out.targets = std::move(*list);
    targets_ok = list.has_value();
    c.targets = &out.targets;
  }
  if (const auto* at = r.field("at_s", true,
                               "[min, max]: the seconds after the workload starts to draw the "
                               "instant from (at_s)")) {
    if (auto range = read_seconds_or_range(diag, *at, r.child("at_s"), kInstantRule, "at_s"))
      out.at_s = *range;
  }
  if (const auto* d = r.field("duration_s", false, "")) {
    c.shared_duration = true;
    out.duration_s = read_seconds_or_range(diag, *d, r.child("duration_s"), kDurationRule, "duration_s");
  }
  const std::string expected_faults =
      fmt::format("a list of 1 to {} faults to draw one from", RandomStep::kMaxFaults);
  if (const auto* f = r.field("faults", true, expected_faults)) {
    if (!f->is_array() || f->empty() || f->size() > RandomStep::kMaxFaults) {
      diag.error(r.child("faults"), expected_faults, describe_json(*f));
    } else if (targets_ok) {  // with a bad target list, the templates cannot be judged
      for (std::size_t k = 0; k < f->size(); ++k)
        read_template(diag, (*f)[k], json_pointer_child(r.child("faults"), k), c, out.faults);
    }
  }
  r.reject_unknown();
}

}  // namespace harness
