#pragma once
// The parts of scenarios/schema.json that the option tables generate: $defs/lab,
// $defs/workload and properties/tunables. The rest (steps, expectations) is written by hand.
// `harness schema` prints the shipped schema with these parts regenerated; a unit test fails
// when the file and the tables disagree.
#include <nlohmann/json.hpp>

namespace harness {

nlohmann::json lab_schema();       // lab_spec.cpp
nlohmann::json workload_schema();  // workload_spec.cpp

// `schema` with its generated parts replaced by what the tables say now.
nlohmann::json with_generated_schema_parts(nlohmann::json schema);

}  // namespace harness
