#include "harness/scenario/scenario_schema.hpp"

#include "harness/scenario/tunables.hpp"

namespace harness {

nlohmann::json with_generated_schema_parts(nlohmann::json schema) {
  schema["$defs"]["lab"] = lab_schema();
  schema["$defs"]["workload"] = workload_schema();
  schema["properties"]["tunables"] = tunables_schema();
  return schema;
}

}  // namespace harness
