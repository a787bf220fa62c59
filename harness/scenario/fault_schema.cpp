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

}  // namespace

nlohmann::ordered_json step_schema(const FaultKinds& kinds) {
  ojson alternatives = ojson::array({heal_alternative()});
  for (const FaultStepRules* k : kinds) alternatives.push_back(fault_alternative(*k));
  return {{"oneOf", alternatives}};
}

std::string fault_kinds_help(const FaultKinds& kinds) {
  std::string out =
      "Fault kinds (a fault step: {\"at_s\", \"fault\", \"target\", the kind's keys}).\n"
      "Every kind also takes duration_s: it then heals itself that long after the inject.\n";
  for (const FaultStepRules* k : kinds) {
    out += fmt::format("\n{}\n  {}\n  targets: {}\n", k->name, k->doc, join_choices(k->targets, ", "));
    for (const auto& o : k->options)
      out += fmt::format("  {}{}: {}\n", o.key, o.required ? " (required)" : "", o.doc);
    if (k->duration_required) out += "  duration_s (required): seconds until it heals itself\n";
  }
  return out;
}

}  // namespace harness
