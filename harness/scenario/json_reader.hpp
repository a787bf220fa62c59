#pragma once
// Typed, range-checked reads from a parsed scenario document. Every failed read records one
// "expected ..., found ..." line in ScenarioDiagnostics and yields nullopt, so parsing goes on
// and the user sees all mistakes at once. Internal to harness/scenario.
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/scenario/diagnostics.hpp"

namespace harness {

struct IntRule {
  std::int64_t min = 0;
  std::int64_t max = std::numeric_limits<std::int64_t>::max();
  std::string_view noun = "an integer";  // "an integer number of MiB"
};

struct NumberRule {
  double min = 0;
  bool min_exclusive = false;
  double max = std::numeric_limits<double>::infinity();
  std::string_view noun = "a number";  // "a number of seconds (at_s)"
};

// "an integer from 1 to 8", "a number of seconds (at_s) > 0 and <= 3600"
std::string expected_phrase(const IntRule& rule);
std::string expected_phrase(const NumberRule& rule);
std::string format_number(double v);  // 3600, 0.5 (no trailing .0)

// Accepts integral numbers only (3.0 is 3, as JSON Schema does; 3.5 is not).
std::optional<std::int64_t> read_integer(ScenarioDiagnostics& diag, const nlohmann::json& v,
                                         const std::string& pointer, const IntRule& rule);
std::optional<double> read_number(ScenarioDiagnostics& diag, const nlohmann::json& v,
                                  const std::string& pointer, const NumberRule& rule);
std::optional<bool> read_bool(ScenarioDiagnostics& diag, const nlohmann::json& v,
                              const std::string& pointer);
// A string that is one of `choices`.
std::optional<std::string> read_choice(ScenarioDiagnostics& diag, const nlohmann::json& v,
                                       const std::string& pointer,
                                       const std::vector<std::string_view>& choices);
// A string accepted by `valid`; `expected` describes the accepted form.
std::optional<std::string> read_string(ScenarioDiagnostics& diag, const nlohmann::json& v,
                                       const std::string& pointer, bool (*valid)(std::string_view),
                                       std::string_view expected);
// A list of distinct strings, each one of `choices`. `noun` names the list ("a list of networks").
std::optional<std::vector<std::string>> read_choice_list(
    ScenarioDiagnostics& diag, const nlohmann::json& v, const std::string& pointer,
    const std::vector<std::string_view>& choices, std::string_view noun, bool allow_empty);

// Reads one JSON object: knows which keys were asked for, so that every other key can be
// reported as unknown, with the list of valid keys and a hint (closest key, or the right unit
// when only the unit suffix differs: path_switch_max_ms vs path_switch_max_s).
class JsonObjectReader {
 public:
  // Records an error (and reads nothing) if `value` is not an object; `what` names it.
  JsonObjectReader(ScenarioDiagnostics& diag, const nlohmann::json& value, std::string pointer,
                   std::string_view what);

  bool is_object() const { return object_ != nullptr; }
  const std::string& pointer() const { return pointer_; }
  std::string child(std::string_view key) const { return json_pointer_child(pointer_, key); }
  // Keys are listed as prefix + key in messages ("corosync." for tunables sections).
  void set_display_prefix(std::string prefix) { display_prefix_ = std::move(prefix); }

  // Declares `key` valid. Returns its value, or nullptr if absent; when `required`, an absent key
  // is reported as "expected <expected>, found no such key".
  const nlohmann::json* field(std::string_view key, bool required, std::string_view expected);
  // Declares `key` valid without reading it.
  void allow(std::string_view key);
  // Reports every key that was never declared. Call once, after all reads.
  void reject_unknown();

  // Typed shorthands: read `key` into `out` if present and valid.
  void get(std::string_view key, bool required, const IntRule& rule, int& out);
  void get(std::string_view key, bool required, const IntRule& rule, std::int64_t& out);
  void get(std::string_view key, bool required, const NumberRule& rule, double& out);
  void get(std::string_view key, bool required, bool& out);
  void get(std::string_view key, bool required, const std::vector<std::string_view>& choices,
           std::string& out);
  void get(std::string_view key, bool required, bool (*valid)(std::string_view),
           std::string_view expected, std::string& out);

  ScenarioDiagnostics& diag() { return diag_; }

 private:
  // Does the object hold `key` under another unit suffix (path_switch_max_ms for _s)?
  bool has_other_unit_of(std::string_view key) const;

  ScenarioDiagnostics& diag_;
  const nlohmann::json* object_ = nullptr;
  std::string pointer_;
  std::string display_prefix_;
  std::vector<std::string> declared_;
};

// The unit a key's suffix names ("seconds" for _s, "milliseconds" for _ms, ...), empty if none;
// `stem` receives the key without its suffix.
std::string_view unit_of_key(std::string_view key, std::string_view* stem = nullptr);

}  // namespace harness
