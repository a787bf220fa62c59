#include "harness/scenario/option_io.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace harness {
namespace {

std::string_view unit_words(std::string_view unit) {
  if (unit == "s") return "seconds";
  if (unit == "ms") return "milliseconds";
  if (unit == "ds") return "tenths of a second";
  if (unit == "%") return "percent";
  return unit;  // MiB, vCPUs, checker intervals: already words
}

std::string noun_for(const OptionDesc& row, bool integer) {
  if (!row.noun.empty()) return std::string(row.noun);
  const std::string_view words = unit_words(row.unit);
  if (integer) return words.empty() ? "an integer" : fmt::format("an integer number of {}", words);
  return words.empty() ? "a number" : fmt::format("a number of {}", words);
}

IntRule int_rule(const OptionDesc& row, const std::string& noun) {
  return {static_cast<std::int64_t>(row.min), static_cast<std::int64_t>(row.max), noun};
}

// 5 rather than 5.0: a number as a scenario author writes it.
std::string shown(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_float()) return format_number(v.get<double>());
  return v.dump();
}

std::string_view type_name(OptionKind k) {
  switch (k) {
    case OptionKind::boolean: return "boolean";
    case OptionKind::integer: return "integer";
    case OptionKind::number: return "number";
    case OptionKind::choice:
    case OptionKind::text: return "string";
    case OptionKind::retry: return "string|integer";
  }
  return "";
}

}  // namespace

std::optional<nlohmann::json> read_option(ScenarioDiagnostics& diag, const OptionDesc& row,
                                          const nlohmann::json& v, const std::string& pointer) {
  switch (row.kind) {
    case OptionKind::boolean:
      if (auto b = read_bool(diag, v, pointer)) return *b;
      return std::nullopt;
    case OptionKind::integer: {
      const std::string noun = noun_for(row, true);  // IntRule holds a view: keep it alive
      if (auto i = read_integer(diag, v, pointer, int_rule(row, noun))) return *i;
      return std::nullopt;
    }
    case OptionKind::number: {
      const std::string noun = noun_for(row, false);
      if (auto d = read_number(diag, v, pointer, NumberRule{row.min, row.min_exclusive, row.max, noun}))
        return *d;
      return std::nullopt;
    }
    case OptionKind::choice: {
      if (row.expected.empty()) {
        if (auto s = read_choice(diag, v, pointer, row.values)) return *s;
        return std::nullopt;
      }
      ScenarioDiagnostics quiet(diag.file());  // reported with the row's own wording
      if (auto s = read_choice(quiet, v, pointer, row.values)) return *s;
      diag.error(pointer, row.expected, describe_json(v));
      return std::nullopt;
    }
    case OptionKind::text:
      if (auto s = read_string(diag, v, pointer, row.valid, row.expected)) return *s;
      return std::nullopt;
    case OptionKind::retry: {
      if (v.is_string() &&
          std::find(row.values.begin(), row.values.end(), v.get_ref<const std::string&>()) !=
              row.values.end())
        return v;
      const std::string noun = noun_for(row, true);
      if (v.is_number()) {
        ScenarioDiagnostics quiet(diag.file());  // reported with the combined wording below
        if (auto i = read_integer(quiet, v, pointer, int_rule(row, noun))) return *i;
      }
      std::vector<std::string> quoted;
      for (auto w : row.values) quoted.push_back(fmt::format("\"{}\"", w));
      diag.error(pointer,
                 fmt::format("{} or {}", fmt::join(quoted, ", "),
                             expected_phrase(int_rule(row, noun))),
                 describe_json(v));
      return std::nullopt;
    }
  }
  return std::nullopt;
}

nlohmann::json option_schema(const OptionDesc& row, const nlohmann::json& default_value) {
  nlohmann::json s = nlohmann::json::object();
  switch (row.kind) {
    case OptionKind::boolean: s["type"] = "boolean"; break;
    case OptionKind::integer:
      s = {{"type", "integer"},
           {"minimum", static_cast<std::int64_t>(row.min)},
           {"maximum", static_cast<std::int64_t>(row.max)}};
      break;
    case OptionKind::number:
      s["type"] = "number";
      s[row.min_exclusive ? "exclusiveMinimum" : "minimum"] = row.min;
      s["maximum"] = row.max;
      break;
    case OptionKind::choice:
      if (row.values.size() == 1) s["const"] = row.values.front();
      else s["enum"] = row.values;
      break;
    case OptionKind::text:
      s["type"] = "string";
      if (row.max > 0) s["maxLength"] = static_cast<std::int64_t>(row.max);
      if (!row.pattern.empty()) s["pattern"] = row.pattern;
      break;
    case OptionKind::retry:
      s["oneOf"] = {{{"enum", row.values}},
                    {{"type", "integer"},
                     {"minimum", static_cast<std::int64_t>(row.min)},
                     {"maximum", static_cast<std::int64_t>(row.max)}}};
      break;
  }
  if (!row.doc.empty()) s["description"] = row.doc;
  s["default"] = default_value;
  return s;
}

nlohmann::json option_help_row(const OptionDesc& row, std::string key,
                               const nlohmann::json& default_value) {
  nlohmann::json out = {{"key", std::move(key)},
                        {"type", type_name(row.kind)},
                        {"default", default_value},
                        {"unit", row.unit},
                        {"doc", row.doc}};
  if (row.kind == OptionKind::integer || row.kind == OptionKind::retry) {
    out["min"] = static_cast<std::int64_t>(row.min);
    out["max"] = static_cast<std::int64_t>(row.max);
  } else if (row.kind == OptionKind::number) {
    out["min"] = row.min;
    out["max"] = row.max;
  }
  if (!row.values.empty()) out["values"] = row.values;
  if (row.kind == OptionKind::text) out["form"] = row.expected;
  return out;
}

void report_problems(ScenarioDiagnostics& diag, const std::string& pointer,
                     const std::vector<OptionProblem>& problems) {
  for (const auto& p : problems) diag.error(json_pointer_child(pointer, p.key), p.expected, p.found);
}

std::string options_help_text(const nlohmann::json& rows) {
  const bool applied = !rows.empty() && rows[0].contains("live");
  std::string out = fmt::format("{:<30} {:<14} {:<8} {:<22} {}{}\n", "KEY", "TYPE", "DEFAULT",
                                "ALLOWED", applied ? "APPLIED  " : "", "MEANING");
  for (const auto& row : rows) {
    std::string allowed;
    if (row.contains("values")) {
      for (const auto& v : row["values"]) allowed += (allowed.empty() ? "" : "|") + v.get<std::string>();
    }
    if (row.contains("form")) allowed = row["form"].get<std::string>();
    if (row.contains("min")) {
      if (!allowed.empty()) allowed += "|";
      allowed += fmt::format("{}..{}", shown(row["min"]), shown(row["max"]));
    }
    const std::string unit = row["unit"].get<std::string>();
    if (!unit.empty()) allowed += " " + unit;
    const auto& def = row["default"];
    const std::string how =
        !applied ? "" : fmt::format("{:<9}", row.value("live", false) ? "live" : "redeploy");
    out += fmt::format("{:<30} {:<14} {:<8} {:<22} {}{}\n", row["key"].get<std::string>(),
                       row["type"].get<std::string>(), shown(def), allowed, how,
                       row["doc"].get<std::string>());
  }
  return out;
}

std::string options_markdown(const nlohmann::json& rows) {
  const bool applied_column = !rows.empty() && rows[0].contains("live");
  std::string out = applied_column
                        ? "| key | type | default | allowed | applied | meaning |\n|---|---|---|---|---|---|\n"
                        : "| key | type | default | allowed | meaning |\n|---|---|---|---|---|\n";
  for (const auto& row : rows) {
    std::vector<std::string> allowed;
    if (row.contains("values"))
      for (const auto& v : row["values"]) allowed.push_back("`" + v.get<std::string>() + "`");
    if (row.contains("min")) allowed.push_back(shown(row["min"]) + ".." + shown(row["max"]));
    std::string range = fmt::format("{}", fmt::join(allowed, ", "));
    const std::string unit = row["unit"].get<std::string>();
    if (!unit.empty() && row.contains("min")) range += " " + unit;
    const auto& def = row["default"];
    const std::string def_text = def.is_string() ? "`" + shown(def) + "`" : shown(def);
    std::string type = row["type"].get<std::string>();
    if (type == "string|integer") type = "string or integer";
    if (applied_column)
      out += fmt::format("| `{}` | {} | {} | {} | {} | {} |\n", row["key"].get<std::string>(), type,
                         def_text, range, row["live"].get<bool>() ? "live" : "redeploy",
                         row["doc"].get<std::string>());
    else
      out += fmt::format("| `{}` | {} | {} | {} | {} |\n", row["key"].get<std::string>(), type,
                         def_text, range, row["doc"].get<std::string>());
  }
  return out;
}

}  // namespace harness
