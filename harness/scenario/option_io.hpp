#pragma once
// The readers of every option table (harness/core/option_table.hpp): a scenario section parsed
// through its table, a code-built struct checked against the same rows, the JSON Schema, the
// help rows and the effective values. One validation for `harness validate`, `harness run` and
// the drivers: read_option decides for a JSON value, and a struct is checked by turning each
// field back into the JSON a scenario would hold.
#include <string>

#include <nlohmann/json.hpp>

#include "harness/core/option_table.hpp"
#include "harness/scenario/diagnostics.hpp"
#include "harness/scenario/json_reader.hpp"

namespace harness {

// Checks `v` against one row; the value to store, or nullopt after one line in `diag`.
std::optional<nlohmann::json> read_option(ScenarioDiagnostics& diag, const OptionDesc& row,
                                          const nlohmann::json& v, const std::string& pointer);
// The JSON Schema of one row, with its default.
nlohmann::json option_schema(const OptionDesc& row, const nlohmann::json& default_value);
// One help row: {"key", "type", "default", "min"?, "max"?, "values"?, "unit", "doc"}.
nlohmann::json option_help_row(const OptionDesc& row, std::string key,
                               const nlohmann::json& default_value);
void report_problems(ScenarioDiagnostics& diag, const std::string& pointer,
                     const std::vector<OptionProblem>& problems);

// Reads every key of `table` present in the object `r` reads into `out`; the caller rejects
// unknown keys (a section may be made of more than one table). Cross-field rules run once the
// table's own fields read cleanly.
template <class Opts>
void read_options(JsonObjectReader& r, const OptionTable<Opts>& table, Opts& out) {
  ScenarioDiagnostics& diag = r.diag();
  const std::size_t before = diag.count();
  for (const auto& row : table.rows) {
    if (const auto* v = r.field(row.desc.key, false, "")) {
      if (auto ok = read_option(diag, row.desc, *v, r.child(row.desc.key))) set_option(row, out, *ok);
    }
  }
  if (diag.count() == before && table.cross_check) report_problems(diag, r.pointer(), table.cross_check(out));
}

// Every field of a struct built in code, as the parser would judge it, at `pointer`.
template <class Opts>
void check_options(ScenarioDiagnostics& diag, const OptionTable<Opts>& table, const Opts& in,
                   const std::string& pointer) {
  const std::size_t before = diag.count();
  for (const auto& row : table.rows)
    (void)read_option(diag, row.desc, option_value(row, in), json_pointer_child(pointer, row.desc.key));
  if (diag.count() == before && table.cross_check) report_problems(diag, pointer, table.cross_check(in));
}

// check_options, raising ScenarioError "/pointer/key: expected ..., found ..." for the drivers.
template <class Opts>
void require_options(const OptionTable<Opts>& table, const Opts& in, const std::string& pointer) {
  ScenarioDiagnostics diag("");
  check_options(diag, table, in, pointer);
  diag.raise_if_any();
}

// {"type": "object", "additionalProperties": false, "properties": {...}} plus the table's rules.
template <class Opts>
nlohmann::json options_schema(const OptionTable<Opts>& table) {
  const Opts defaults{};
  nlohmann::json props = nlohmann::json::object();
  for (const auto& row : table.rows)
    props[std::string(row.desc.key)] = option_schema(row.desc, option_value(row, defaults));
  nlohmann::json out = {{"type", "object"}, {"additionalProperties", false}, {"properties", props}};
  if (table.schema_rules) out.update(table.schema_rules());
  return out;
}

// Help rows keyed "<prefix><key>" ("corosync." for tunables, "" for a top-level section).
template <class Opts>
void append_help_rows(nlohmann::json& rows, const OptionTable<Opts>& table, const std::string& prefix) {
  const Opts defaults{};
  for (const auto& row : table.rows)
    rows.push_back(option_help_row(row.desc, prefix + std::string(row.desc.key),
                                   option_value(row, defaults)));
}

// Effective values, as a scenario would write them.
template <class Opts>
nlohmann::json options_to_json(const OptionTable<Opts>& table, const Opts& in) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& row : table.rows) out[std::string(row.desc.key)] = option_value(row, in);
  return out;
}

// Help rows as aligned text for a terminal.
std::string options_help_text(const nlohmann::json& rows);
// Help rows as the Markdown table of docs/SCENARIO-FORMAT.md (header included); the tunables'
// table has a column saying whether each key is applied live or needs a redeploy.
std::string options_markdown(const nlohmann::json& rows);

}  // namespace harness
