// The step part of scenarios/schema.json and the text of `harness faults`, both made from the
// kinds' declarations, so that neither can drift from what the reader accepts.
#include <fmt/format.h>

#include "harness/scenario/fault_kind.hpp"
#include "harness/scenario/json_reader.hpp"

namespace harness {

namespace {

using ojson = nlohmann::ordered_json;

ojson ref(std::string_view def) { return {{"$ref", fmt::format("#/$defs/{}", def)}}; }

ojson heal_alternative() {
  ojson heal = ref("id");
  heal["description"] = "id of an earlier fault step without duration_s";
  return {{"type", "object"},
          {"additionalProperties", false},
          {"required", {"at_s", "heal"}},
          {"properties", {{"at_s", ref("at_s")}, {"id", ref("id")}, {"heal", heal}}}};
}

ojson fault_alternative(const FaultStepRules& kind) {
  ojson required = {"at_s", "fault", "target"};
  ojson props = {{"at_s", ref("at_s")}, {"id", ref("id")}, {"fault", {{"const", kind.name}}}};
  props["target"] = {{"enum", kind.targets}};
  for (const auto& o : kind.options) {
    if (o.required) required.push_back(o.key);
    props[std::string(o.key)] = o.schema;
  }
  if (kind.duration_required) required.push_back("duration_s");
  props["duration_s"] = ref("duration_s");
  ojson alt = {{"type", "object"},
               {"additionalProperties", false},
               {"required", required},
               {"properties", props}};
  for (const auto& [key, value] : kind.schema_extra.items()) alt[key] = value;
  return alt;
}

// A number of seconds as `def` describes it, or [min, max] of two such numbers to draw from.
ojson seconds_or_window(std::string_view def, std::string_view description) {
  return {{"oneOf",
           {ref(def),
            {{"type", "array"}, {"minItems", 2}, {"maxItems", 2}, {"items", ref(def)}}}},
          {"description", description}};
}

// A fault to draw: a fault step without at_s and id, whose target may come from the random
// step's list, and whose duration_s may be a window.
ojson template_alternative(const FaultStepRules& kind) {
  ojson required = {"fault"};
  ojson props = {{"fault", {{"const", kind.name}}}, {"target", {{"enum", kind.targets}}}};
  for (const auto& o : kind.options) {
    if (o.required) required.push_back(o.key);
    props[std::string(o.key)] = o.schema;
  }
  props["duration_s"] = seconds_or_window(
      "duration_s", "Seconds until it heals itself, or [min, max] to draw them from.");
  ojson alt = {{"type", "object"},
               {"additionalProperties", false},
               {"required", required},
               {"properties", props}};
  // The kind's rules on its target apply where the template names one (if/then on an absent
  // target would hold vacuously).
  if (!kind.schema_extra.empty()) {
    alt["if"] = {{"required", {"target"}}};
    alt["then"] = kind.schema_extra;
  }
  return alt;
}

ojson random_alternative(const FaultKinds& kinds) {
  ojson templates = ojson::array();
  for (const FaultStepRules* k : kinds) templates.push_back(template_alternative(*k));
  ojson random = {
      {"type", "object"},
      {"additionalProperties", false},
      {"required", {"faults", "at_s"}},
      {"properties",
       {{"faults",
         {{"type", "array"},
          {"minItems", 1},
          {"maxItems", RandomStep::kMaxFaults},
          {"items", {{"oneOf", templates}}},
          {"description", "Faults to draw one from (targets from \"targets\" when listed)."}}},
        {"targets",
         {{"type", "array"},
          {"minItems", 1},
          {"uniqueItems", true},
          {"items", {{"enum", kAnyTarget}}},
          {"description", "Targets to draw one from; absent: each fault names its own."}}},
        {"at_s", seconds_or_window("at_s", "The instant, or [min, max] to draw it from.")},
        {"duration_s",
         seconds_or_window("duration_s",
                           "Duration of a drawn fault without its own, or [min, max] to draw "
                           "it from; absent: such a fault is healed by a step or at the end.")}}}};
  // Targets come from the list when there is one, else each fault names its own.
  const ojson names_target = {{"required", {"target"}}};
  const auto each_fault = [](ojson item) {
    ojson faults;
    faults["items"] = std::move(item);
    ojson props;
    props["faults"] = std::move(faults);
    return ojson{{"properties", std::move(props)}};
  };
  random["if"] = {{"required", {"targets"}}};
  random["then"] = each_fault({{"not", names_target}});
  random["else"] = each_fault(names_target);
  return {{"type", "object"},
          {"additionalProperties", false},
          {"required", {"random"}},
          {"properties", {{"id", ref("id")}, {"random", random}}}};
}

}  // namespace

nlohmann::ordered_json step_schema(const FaultKinds& kinds) {
  ojson alternatives = ojson::array({heal_alternative()});
  for (const FaultStepRules* k : kinds) alternatives.push_back(fault_alternative(*k));
  alternatives.push_back(random_alternative(kinds));
  return {{"oneOf", alternatives}};
}

std::string fault_kinds_help(const FaultKinds& kinds) {
  std::string out =
      "Fault kinds (a fault step: {\"at_s\", \"fault\", \"target\", the kind's keys}).\n"
      "Every kind also takes duration_s: it then heals itself that long after the inject.\n"
      "A random step ({\"random\": {\"faults\", \"targets\", \"at_s\", \"duration_s\"}}) draws one of\n"
      "them, a target, an instant and a duration from the run's seed (docs/SCENARIO-FORMAT.md).\n";
  for (const FaultStepRules* k : kinds) {
    out += fmt::format("\n{}\n  {}\n  targets: {}\n", k->name, k->doc, join_choices(k->targets, ", "));
    for (const auto& o : k->options)
      out += fmt::format("  {}{}: {}\n", o.key, o.required ? " (required)" : "", o.doc);
    if (k->duration_required) out += "  duration_s (required): seconds until it heals itself\n";
  }
  return out;
}

}  // namespace harness
