#pragma once
// The documented settings of the system under test, as written in a scenario's "tunables"
// object: nested by component ({"corosync": {"token_ms": 3000}}), documented by dotted name
// ("corosync.token_ms"). Each component declares its keys in its own table
// (drivers/<component>/options.cpp); this file walks them in documentation order.
#include <string>

#include <nlohmann/json.hpp>

#include "harness/scenario/scenario.hpp"

namespace harness {

class ScenarioDiagnostics;

// Calls f(table, section struct) for each component, in documentation order.
template <class T, class F>
void for_each_tunable_section(T& t, F&& f) {
  f(pacemaker_option_table(), t.pacemaker);
  f(fence_option_table(), t.fence);
  f(corosync_option_table(), t.corosync);
  f(multipath_option_table(), t.multipath);
  f(iscsi_option_table(), t.iscsi);
  f(drbd_option_table(), t.drbd);
}

// The tables as JSON: [{"key", "type", "default", "min"?, "max"?, "values"?, "unit", "doc",
// "live"}] ("live": applied to a running system after a revert; else it needs a redeploy),
// in documentation order. For the CLI (`harness tunables --json`), docs and tests.
nlohmann::json tunables_table();
// The table as aligned text for a terminal.
std::string tunables_help();
// The table as docs/SCENARIO-FORMAT.md shows it (a unit test keeps the page in step).
std::string tunables_markdown();
// Effective settings, nested as in a scenario file (for reports and round trips).
nlohmann::json tunables_to_json(const Tunables& t);
// Only the keys that need a redeploy (not `live`): what a matrix's deploy key is made of.
nlohmann::json redeploy_tunables_to_json(const Tunables& t);
// The JSON Schema of the "tunables" object.
nlohmann::json tunables_schema();

// Reads the "tunables" object at `pointer` over `out` (which holds the defaults). Internal to the
// scenario parser; problems go to `diag`.
void read_tunables(ScenarioDiagnostics& diag, const nlohmann::json& value,
                   const std::string& pointer, Tunables& out);
// Every tunable of a struct built in code, judged as the parser judges a file; problems at
// "/tunables/<section>/<key>".
void check_tunables(ScenarioDiagnostics& diag, const Tunables& t);

}  // namespace harness
