// The "lab" section: the lab's table and the target driver's, read into one object.
#include "harness/scenario/option_io.hpp"
#include "harness/scenario/scenario_schema.hpp"
#include "harness/scenario/scenario_sections.hpp"

namespace harness {

void read_lab(ScenarioDiagnostics& diag, const nlohmann::json& value, const std::string& pointer,
              LabSpec& out) {
  JsonObjectReader r(diag, value, pointer, "the lab settings");
  if (!r.is_object()) return;
  read_options(r, lab_option_table(), static_cast<LabOptions&>(out));
  read_options(r, target_option_table(), static_cast<TargetOptions&>(out));
  r.reject_unknown();
}

nlohmann::json lab_schema() {
  nlohmann::json s = options_schema(lab_option_table());
  const nlohmann::json target = options_schema(target_option_table());
  s["properties"].update(target["properties"]);
  // The target table's rule across its fields (its if/then); the lab table has none.
  for (const auto& [key, value] : target.items())
    if (!s.contains(key)) s[key] = value;
  return s;
}

}  // namespace harness
