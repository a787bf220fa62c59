#include "harness/scenario/tunables.hpp"

#include <algorithm>
#include <cmath>
#include <variant>
#include <vector>

#include <fmt/format.h>

#include "harness/scenario/diagnostics.hpp"
#include "harness/scenario/json_reader.hpp"

namespace harness {
namespace {

// "retry" is multipath.no_path_retry: "queue", "fail" or a count of checker intervals.
enum class Kind { boolean, integer, number, choice, retry };
using Field = std::variant<bool Tunables::*, int Tunables::*, double Tunables::*,
                           std::string Tunables::*>;

struct TunableSpec {
  std::string_view key;  // dotted: "<section>.<name>"
  Kind kind;
  Field field;
  double min = 0;
  double max = 0;
  std::vector<std::string_view> values;  // choice: allowed strings; retry: the words
  std::string_view unit;                 // s, ms, ds (tenths of a second), % or empty
  std::string_view doc;
};

// The single source of truth for tunables. Defaults are not repeated here: they are those of a
// default-constructed Tunables (scenario.hpp), so the table cannot drift from the struct.
// Ranges follow the tools' own limits where they have them (drbd_limits.h for DRBD).
const std::vector<TunableSpec>& table() {
  static const std::vector<TunableSpec> specs = {
      {"pacemaker.stonith_enabled", Kind::boolean, &Tunables::pacemaker_stonith_enabled, 0, 0,
       {}, "", "Cluster property stonith-enabled: a lost node is fenced before its resources recover."},
      {"pacemaker.resource_stickiness", Kind::integer, &Tunables::pacemaker_resource_stickiness,
       0, 1000000, {}, "", "resource-stickiness default: preference to stay put (1000000 = INFINITY)."},
      {"pacemaker.migration_threshold", Kind::integer, &Tunables::pacemaker_migration_threshold,
       0, 1000000, {}, "", "migration-threshold: failures before resources leave a node (0 = never)."},
      {"pacemaker.dc_deadtime_s", Kind::integer, &Tunables::pacemaker_dc_deadtime_s, 1, 600, {},
       "s",
       "dc-deadtime: how long a starting node waits for an existing DC before an election (in "
       "the CIB from the first start; Pacemaker's own default is 20 s)."},
      {"pacemaker.load_threshold_pct", Kind::integer, &Tunables::pacemaker_load_threshold_pct, 10,
       10000, {}, "%",
       "load-threshold: load (percent of the node's CPUs) above which the controller throttles "
       "itself to one action at a time. Pacemaker's own 80 % throttles every TCG guest, whose "
       "load average of 1.5–3 on one vCPU comes from emulation."},
      {"fence.delay_s", Kind::number, &Tunables::fence_delay_s, 0, 60, {}, "s",
       "pcmk_delay_base of the device that fences fence.delay_node: in a split brain that node "
       "shoots first and survives."},
      {"fence.delay_node", Kind::choice, &Tunables::fence_delay_node, 0, 0, {"n1", "n2"}, "",
       "The node the fence delay protects (the intended split-brain survivor)."},
      {"fence.agent", Kind::choice, &Tunables::fence_agent, 0, 0, {"fence_virsh", "fence_xvm"},
       "", "Fence agent run by the target nodes against the hypervisor."},
      {"corosync.token_ms", Kind::integer, &Tunables::corosync_token_ms, 200, 60000, {}, "ms",
       "totem token: silence after which a node is declared lost (consensus = 1.2 x token follows)."},
      {"multipath.polling_interval_s", Kind::integer, &Tunables::multipath_polling_interval_s, 1,
       300, {}, "s", "multipathd path checker interval; failed paths come back only when checked."},
      {"multipath.no_path_retry", Kind::retry, &Tunables::multipath_no_path_retry, 0, 10000,
       {"queue", "fail"}, "",
       "I/O with every path down: queue it, fail it at once, or queue for N checker intervals."},
      {"iscsi.replacement_timeout_s", Kind::integer, &Tunables::iscsi_replacement_timeout_s, 0,
       3600, {}, "s",
       "node.session.timeo.replacement_timeout: how long a broken session holds commands before "
       "failing them to multipath."},
      {"iscsi.noop_out_interval_s", Kind::integer, &Tunables::iscsi_noop_out_interval_s, 0, 3600,
       {}, "s", "node.conn[0].timeo.noop_out_interval: NOP-Out ping period (0 disables)."},
      {"iscsi.noop_out_timeout_s", Kind::integer, &Tunables::iscsi_noop_out_timeout_s, 0, 3600,
       {}, "s", "node.conn[0].timeo.noop_out_timeout: NOP-Out reply deadline; then the connection fails."},
      {"drbd.protocol", Kind::choice, &Tunables::drbd_protocol, 0, 0, {"A", "B", "C"}, "",
       "Replication protocol; C acknowledges a write once both disks have it."},
      {"drbd.ping_int_s", Kind::integer, &Tunables::drbd_ping_int_s, 1, 120, {}, "s",
       "net ping-int: idle time after which DRBD pings its peer."},
      {"drbd.ping_timeout_ds", Kind::integer, &Tunables::drbd_ping_timeout_ds, 1, 300, {}, "ds",
       "net ping-timeout: ping reply deadline before the peer is declared lost."},
      {"drbd.timeout_ds", Kind::integer, &Tunables::drbd_timeout_ds, 1, 600, {}, "ds",
       "net timeout: deadline for an expected reply (e.g. a write ack) before the peer is lost."},
      {"drbd.ko_count", Kind::integer, &Tunables::drbd_ko_count, 0, 200, {}, "",
       "net ko-count: a peer that does not complete one write in ko-count x timeout is expelled "
       "(0 = never)."},
  };
  return specs;
}

std::string_view section_of(std::string_view key) { return key.substr(0, key.find('.')); }
std::string_view name_of(std::string_view key) { return key.substr(key.find('.') + 1); }

std::string_view unit_words(std::string_view unit) {
  if (unit == "s") return "seconds";
  if (unit == "ms") return "milliseconds";
  if (unit == "ds") return "tenths of a second";
  if (unit == "%") return "percent";
  return {};
}

std::string noun_for(const TunableSpec& spec) {
  const std::string_view words = unit_words(spec.unit);
  if (spec.kind == Kind::integer) {
    return words.empty() ? std::string("an integer") : fmt::format("an integer number of {}", words);
  }
  return words.empty() ? std::string("a number") : fmt::format("a number of {}", words);
}

// The JSON value of one field, as it would be written in a scenario.
nlohmann::json value_of(const TunableSpec& spec, const Tunables& t) {
  return std::visit(
      [&](auto member) -> nlohmann::json {
        const auto& v = t.*member;
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, std::string>) {
          if (spec.kind == Kind::retry && !v.empty() &&
              std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; })) {
            return std::stoll(v);
          }
          return v;
        } else if constexpr (std::is_same_v<V, double>) {
          if (spec.kind == Kind::integer) return static_cast<std::int64_t>(std::llround(v));
          return v;
        } else {
          return v;
        }
      },
      spec.field);
}

void apply(ScenarioDiagnostics& diag, const TunableSpec& spec, const nlohmann::json& v,
           const std::string& pointer, Tunables& out) {
  switch (spec.kind) {
    case Kind::boolean:
      if (auto b = read_bool(diag, v, pointer)) out.*std::get<bool Tunables::*>(spec.field) = *b;
      return;
    case Kind::integer: {
      const std::string noun = noun_for(spec);  // IntRule holds a view: keep it alive
      const IntRule r{static_cast<std::int64_t>(spec.min), static_cast<std::int64_t>(spec.max),
                      noun};
      if (auto i = read_integer(diag, v, pointer, r)) {
        if (auto* f = std::get_if<int Tunables::*>(&spec.field)) out.**f = static_cast<int>(*i);
        if (auto* f = std::get_if<double Tunables::*>(&spec.field)) out.**f = static_cast<double>(*i);
      }
      return;
    }
    case Kind::number: {
      const std::string noun = noun_for(spec);
      if (auto d = read_number(diag, v, pointer, NumberRule{spec.min, false, spec.max, noun})) {
        out.*std::get<double Tunables::*>(spec.field) = *d;
      }
      return;
    }
    case Kind::choice:
      if (auto s = read_choice(diag, v, pointer, spec.values)) {
        out.*std::get<std::string Tunables::*>(spec.field) = *s;
      }
      return;
    case Kind::retry: {
      auto& field = out.*std::get<std::string Tunables::*>(spec.field);
      if (v.is_string()) {
        const auto& s = v.get_ref<const std::string&>();
        if (std::find(spec.values.begin(), spec.values.end(), s) != spec.values.end()) {
          field = s;
          return;
        }
      } else if (v.is_number()) {
        ScenarioDiagnostics quiet(diag.file());  // report with the combined wording below
        if (auto i = read_integer(quiet, v, pointer,
                                  IntRule{static_cast<std::int64_t>(spec.min),
                                          static_cast<std::int64_t>(spec.max)})) {
          field = std::to_string(*i);
          return;
        }
      }
      diag.error(pointer,
                 fmt::format("\"queue\", \"fail\" or an integer number of checker intervals from "
                             "{} to {}",
                             spec.min, spec.max),
                 describe_json(v));
      return;
    }
  }
}

std::string_view kind_name(Kind k) {
  switch (k) {
    case Kind::boolean: return "boolean";
    case Kind::integer: return "integer";
    case Kind::number: return "number";
    case Kind::choice: return "string";
    case Kind::retry: return "string|integer";
  }
  return "";
}

}  // namespace

nlohmann::json tunables_table() {
  const Tunables defaults;
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& spec : table()) {
    nlohmann::json row = {{"key", spec.key},
                          {"type", kind_name(spec.kind)},
                          {"default", value_of(spec, defaults)},
                          {"unit", spec.unit},
                          {"doc", spec.doc}};
    if (spec.kind == Kind::integer || spec.kind == Kind::retry) {
      row["min"] = static_cast<std::int64_t>(spec.min);
      row["max"] = static_cast<std::int64_t>(spec.max);
    } else if (spec.kind == Kind::number) {
      row["min"] = spec.min;
      row["max"] = spec.max;
    }
    if (!spec.values.empty()) row["values"] = spec.values;
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string tunables_help() {
  std::string out = fmt::format("{:<30} {:<14} {:<8} {:<22} {}\n", "KEY", "TYPE", "DEFAULT",
                                "ALLOWED", "MEANING");
  for (const auto& row : tunables_table()) {
    std::string allowed;
    if (row.contains("values")) {
      for (const auto& v : row["values"]) allowed += (allowed.empty() ? "" : "|") + v.get<std::string>();
    }
    if (row.contains("min")) {
      if (!allowed.empty()) allowed += "|";
      allowed += fmt::format("{}..{}", row["min"].dump(), row["max"].dump());
    }
    std::string unit = row["unit"].get<std::string>();
    if (!unit.empty()) allowed += " " + unit;
    const auto& def = row["default"];
    out += fmt::format("{:<30} {:<14} {:<8} {:<22} {}\n", row["key"].get<std::string>(),
                       row["type"].get<std::string>(),
                       def.is_string() ? def.get<std::string>() : def.dump(), allowed,
                       row["doc"].get<std::string>());
  }
  return out;
}

nlohmann::json tunables_to_json(const Tunables& t) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& spec : table()) {
    out[std::string(section_of(spec.key))][std::string(name_of(spec.key))] = value_of(spec, t);
  }
  return out;
}

void read_tunables(ScenarioDiagnostics& diag, const nlohmann::json& value,
                   const std::string& pointer, Tunables& out) {
  JsonObjectReader top(diag, value, pointer,
                       "tunables by component, e.g. {\"corosync\": {\"token_ms\": 3000}}");
  if (!top.is_object()) return;
  std::vector<std::string_view> sections;
  for (const auto& spec : table()) {
    if (std::find(sections.begin(), sections.end(), section_of(spec.key)) == sections.end()) {
      sections.push_back(section_of(spec.key));
    }
  }
  for (auto section : sections) {
    const auto* sv = top.field(section, false, "");
    if (!sv) continue;
    JsonObjectReader r(diag, *sv, top.child(section), fmt::format("the {} tunables", section));
    r.set_display_prefix(std::string(section) + ".");
    for (const auto& spec : table()) {
      if (section_of(spec.key) != section) continue;
      if (const auto* v = r.field(name_of(spec.key), false, "")) {
        apply(diag, spec, *v, r.child(name_of(spec.key)), out);
      }
    }
    r.reject_unknown();
  }
  // A dotted key at the top ("corosync.token_ms": 3000) is the documented name written flat.
  for (auto item = value.begin(); item != value.end(); ++item) {
    const std::string& key = item.key();
    const auto it = std::find_if(table().begin(), table().end(),
                                 [&](const TunableSpec& s) { return s.key == key; });
    if (it == table().end()) continue;
    top.allow(key);
    diag.error(top.child(key),
               fmt::format("{{\"{}\": {{\"{}\": ...}}}} (tunables are nested by component)",
                           section_of(it->key), name_of(it->key)),
               quote_for_message(key) + " written flat");
  }
  top.reject_unknown();
}

}  // namespace harness
