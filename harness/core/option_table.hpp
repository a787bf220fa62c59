#pragma once
// A component's scenario keys as one typed table (fio's options.c pattern): each row names a key,
// its kind, the member of the component's options struct it sets, its range or allowed values,
// unit and help. Defaults are the struct's default member values, never repeated in a row.
// Tables are plain data declared beside their component (drivers/<component>/options.*); the
// scenario layer reads JSON through them, generates the JSON Schema and the help from them, and
// the drivers check code-built structs against the same rows (harness/scenario/option_io.hpp).
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

namespace harness {

enum class OptionKind {
  boolean,
  integer,  // whole numbers in [min, max]; an int or a double member (a double can hold 1.5,
            // which the check then reports instead of truncating)
  number,   // any finite number in [min, max] (min exclusive if min_exclusive)
  choice,   // one of `values`
  text,     // a string accepted by `valid`, described by `expected`, at most `max` characters
  retry,    // one of `values` or an integer in [min, max], held as a string ("queue", "12")
};

// One row without its member: what parsing, checking, the schema and the help need.
struct OptionDesc {
  std::string_view key;  // the JSON key inside its section ("token_ms")
  OptionKind kind = OptionKind::boolean;
  double min = 0;
  double max = 0;
  bool min_exclusive = false;
  std::vector<std::string_view> values;   // choice/retry: the allowed words
  std::string_view unit;                  // s, ms, ds, %, MiB, vCPUs ... or empty
  std::string_view noun;                  // overrides the unit's noun in messages
  bool (*valid)(std::string_view) = nullptr;  // text only
  std::string_view expected;              // text: the accepted form; choice: replaces the list
  std::string_view pattern;               // text only: JSON Schema pattern (editor hint; `valid` decides)
  // Tunables: applied to a running system after a matrix's revert (not part of the deploy key).
  bool live = false;
  std::string_view doc;                   // last: rows read key, rule, then the help
};

template <class Opts>
using OptionField =
    std::variant<bool Opts::*, int Opts::*, double Opts::*, std::string Opts::*>;

template <class Opts>
struct Option {
  OptionField<Opts> field;
  OptionDesc desc;
};

// A problem found across fields (fio's size against bs), reported at `key` of the section.
struct OptionProblem {
  std::string key;
  std::string expected;
  std::string found;
};

template <class Opts>
struct OptionTable {
  std::string_view section;  // "corosync", "workload", "lab"
  std::vector<Option<Opts>> rows;
  // Rules across fields, run once every field is valid; empty when there are none.
  std::vector<OptionProblem> (*cross_check)(const Opts&) = nullptr;
  // Extra JSON Schema keywords for the section object (an if/then for a cross-field rule).
  nlohmann::json (*schema_rules)() = nullptr;
};

// The value of one field as a scenario would write it: a numeric "retry" string becomes an
// integer, a whole double of an integer row an integer (a fractional one stays, to be refused).
template <class Opts>
nlohmann::json option_value(const Option<Opts>& row, const Opts& o) {
  return std::visit(
      [&](auto member) -> nlohmann::json {
        const auto& v = o.*member;
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, std::string>) {
          const bool digits = !v.empty() && v.size() <= 18 &&
                              v.find_first_not_of("0123456789") == std::string::npos;
          if (row.desc.kind == OptionKind::retry && digits) return std::stoll(v);
          return v;
        } else if constexpr (std::is_same_v<V, double>) {
          if (row.desc.kind == OptionKind::integer && std::isfinite(v) && std::trunc(v) == v &&
              std::fabs(v) < 4.6e18)
            return static_cast<std::int64_t>(v);
          return v;
        } else {
          return v;
        }
      },
      row.field);
}

// Stores a value already accepted for `row` (see read_option in option_io.hpp).
template <class Opts>
void set_option(const Option<Opts>& row, Opts& o, const nlohmann::json& v) {
  std::visit(
      [&](auto member) {
        auto& f = o.*member;
        using V = std::decay_t<decltype(f)>;
        if constexpr (std::is_same_v<V, std::string>) {
          f = v.is_string() ? v.get<std::string>() : std::to_string(v.get<std::int64_t>());
        } else {
          f = v.get<V>();
        }
      },
      row.field);
}

}  // namespace harness
