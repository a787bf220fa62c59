#pragma once
// The documented settings of the system under test, as written in a scenario's "tunables"
// object: nested by component ({"corosync": {"token_ms": 3000}}), documented by dotted name
// ("corosync.token_ms"). One table in tunables.cpp drives parsing, validation and the help.
#include <string>

#include <nlohmann/json.hpp>

#include "harness/scenario/scenario.hpp"

namespace harness {

class ScenarioDiagnostics;

// The table as JSON: [{"key", "type", "default", "min"?, "max"?, "values"?, "unit", "doc"}],
// in documentation order. For the CLI (`harness tunables --json`), docs and tests.
nlohmann::json tunables_table();
// The table as aligned text for a terminal.
std::string tunables_help();
// Effective settings, nested as in a scenario file (for reports and round trips).
nlohmann::json tunables_to_json(const Tunables& t);

// Reads the "tunables" object at `pointer` over `out` (which holds the defaults). Internal to the
// scenario parser; problems go to `diag`.
void read_tunables(ScenarioDiagnostics& diag, const nlohmann::json& value,
                   const std::string& pointer, Tunables& out);

}  // namespace harness
