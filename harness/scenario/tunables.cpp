#include "harness/scenario/tunables.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "harness/scenario/diagnostics.hpp"
#include "harness/scenario/json_reader.hpp"
#include "harness/scenario/option_io.hpp"

namespace harness {

nlohmann::json tunables_table() {
  nlohmann::json rows = nlohmann::json::array();
  const Tunables defaults;
  for_each_tunable_section(defaults, [&](const auto& table, const auto&) {
    const std::size_t first = rows.size();
    append_help_rows(rows, table, std::string(table.section) + ".");
    for (std::size_t i = 0; i < table.rows.size(); ++i) rows[first + i]["live"] = table.rows[i].desc.live;
  });
  return rows;
}

std::string tunables_help() { return options_help_text(tunables_table()); }

std::string tunables_markdown() { return options_markdown(tunables_table()); }

nlohmann::json tunables_to_json(const Tunables& t) {
  nlohmann::json out = nlohmann::json::object();
  for_each_tunable_section(t, [&](const auto& table, const auto& opts) {
    out[std::string(table.section)] = options_to_json(table, opts);
  });
  return out;
}

nlohmann::json redeploy_tunables_to_json(const Tunables& t) {
  nlohmann::json out = nlohmann::json::object();
  for_each_tunable_section(t, [&](const auto& table, const auto& opts) {
    nlohmann::json section = nlohmann::json::object();
    for (const auto& row : table.rows)
      if (!row.desc.live) section[std::string(row.desc.key)] = option_value(row, opts);
    if (!section.empty()) out[std::string(table.section)] = std::move(section);
  });
  return out;
}

nlohmann::json tunables_schema() {
  nlohmann::json props = nlohmann::json::object();
  const Tunables defaults;
  for_each_tunable_section(defaults, [&](const auto& table, const auto&) {
    props[std::string(table.section)] = options_schema(table);
  });
  return {{"type", "object"},
          {"additionalProperties", false},
          {"description",
           "Settings of the system under test, nested by component; see "
           "docs/SCENARIO-FORMAT.md."},
          {"properties", props}};
}

void check_tunables(ScenarioDiagnostics& diag, const Tunables& t) {
  for_each_tunable_section(t, [&](const auto& table, const auto& opts) {
    check_options(diag, table, opts, "/tunables/" + std::string(table.section));
  });
}

void read_tunables(ScenarioDiagnostics& diag, const nlohmann::json& value,
                   const std::string& pointer, Tunables& out) {
  JsonObjectReader top(diag, value, pointer,
                       "tunables by component, e.g. {\"corosync\": {\"token_ms\": 3000}}");
  if (!top.is_object()) return;
  for_each_tunable_section(out, [&](const auto& table, auto& opts) {
    const auto* sv = top.field(table.section, false, "");
    if (!sv) return;
    JsonObjectReader r(diag, *sv, top.child(table.section),
                       fmt::format("the {} tunables", table.section));
    r.set_display_prefix(std::string(table.section) + ".");
    read_options(r, table, opts);
    r.reject_unknown();
  });
  // A dotted key at the top ("corosync.token_ms": 3000) is the documented name written flat.
  const nlohmann::json rows = tunables_table();
  for (auto item = value.begin(); item != value.end(); ++item) {
    const std::string& key = item.key();
    const bool documented = std::any_of(rows.begin(), rows.end(),
                                        [&](const nlohmann::json& r) { return r["key"] == key; });
    if (!documented) continue;
    const auto dot = key.find('.');
    top.allow(key);
    diag.error(top.child(key),
               fmt::format("{{\"{}\": {{\"{}\": ...}}}} (tunables are nested by component)",
                           key.substr(0, dot), key.substr(dot + 1)),
               quote_for_message(key) + " written flat");
  }
  top.reject_unknown();
}

}  // namespace harness
