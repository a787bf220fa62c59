#include "harness/scenario/json_reader.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include <fmt/format.h>

namespace harness {
namespace {

bool is_number(const nlohmann::json& v) { return v.is_number(); }

// Levenshtein distance, for "did you mean" hints on short keys only (bounded cost).
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

// Longest suffixes first so "_ms" is not read as "_s".
constexpr std::pair<std::string_view, std::string_view> kUnitSuffixes[] = {
    {"_seconds", "seconds"},      {"_minutes", "minutes"},
    {"_msecs", "milliseconds"},   {"_msec", "milliseconds"},
    {"_secs", "seconds"},         {"_mins", "minutes"},
    {"_bytes", "bytes"},          {"_sec", "seconds"},
    {"_min", "minutes"},          {"_mib", "MiB"},
    {"_gib", "GiB"},              {"_kib", "KiB"},
    {"_ms", "milliseconds"},      {"_us", "microseconds"},
    {"_ns", "nanoseconds"},       {"_ds", "tenths of a second"},
    {"_cs", "hundredths of a second"}, {"_mb", "MB"},
    {"_gb", "GB"},                {"_kb", "KB"},
    {"_s", "seconds"},            {"_h", "hours"},
};

}  // namespace

std::string_view unit_of_key(std::string_view key, std::string_view* stem) {
  for (const auto& [suffix, unit] : kUnitSuffixes) {
    if (key.size() > suffix.size() && key.substr(key.size() - suffix.size()) == suffix) {
      if (stem) *stem = key.substr(0, key.size() - suffix.size());
      return unit;
    }
  }
  if (stem) *stem = key;
  return {};
}

std::string format_number(double v) { return fmt::format("{}", v); }

std::string expected_phrase(const IntRule& rule) {
  std::string out(rule.noun);
  if (rule.max == std::numeric_limits<std::int64_t>::max()) {
    out += fmt::format(" >= {}", rule.min);
  } else {
    out += fmt::format(" from {} to {}", rule.min, rule.max);
  }
  return out;
}

std::string expected_phrase(const NumberRule& rule) {
  std::string out(rule.noun);
  out += rule.min_exclusive ? " > " : " >= ";
  out += format_number(rule.min);
  if (std::isfinite(rule.max)) out += " and <= " + format_number(rule.max);
  return out;
}

std::optional<std::int64_t> read_integer(ScenarioDiagnostics& diag, const nlohmann::json& v,
                                         const std::string& pointer, const IntRule& rule) {
  std::optional<std::int64_t> value;
  if (v.is_number_integer()) {  // signed or unsigned
    if (v.is_number_unsigned()) {
      const auto u = v.get<std::uint64_t>();
      if (u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        value = static_cast<std::int64_t>(u);
      }
    } else {
      value = v.get<std::int64_t>();
    }
  } else if (v.is_number_float()) {
    const double d = v.get<double>();
    // 2^62 keeps the cast defined; no rule here comes near it.
    if (std::isfinite(d) && std::trunc(d) == d && std::fabs(d) < 4.6e18) {
      value = static_cast<std::int64_t>(d);
    }
  }
  if (!value || *value < rule.min || *value > rule.max) {
    diag.error(pointer, expected_phrase(rule), describe_json(v));
    return std::nullopt;
  }
  return value;
}

std::optional<double> read_number(ScenarioDiagnostics& diag, const nlohmann::json& v,
                                  const std::string& pointer, const NumberRule& rule) {
  if (!is_number(v)) {
    diag.error(pointer, expected_phrase(rule), describe_json(v));
    return std::nullopt;
  }
  const double d = v.get<double>();
  const bool low = rule.min_exclusive ? !(d > rule.min) : !(d >= rule.min);
  if (!std::isfinite(d) || low || d > rule.max) {
    diag.error(pointer, expected_phrase(rule), describe_json(v));
    return std::nullopt;
  }
  return d;
}

std::optional<bool> read_bool(ScenarioDiagnostics& diag, const nlohmann::json& v,
                              const std::string& pointer) {
  if (!v.is_boolean()) {
    diag.error(pointer, "true or false", describe_json(v));
    return std::nullopt;
  }
  return v.get<bool>();
}

std::optional<std::string> read_choice(ScenarioDiagnostics& diag, const nlohmann::json& v,
                                       const std::string& pointer,
                                       const std::vector<std::string_view>& choices) {
  if (v.is_string()) {
    const auto& s = v.get_ref<const std::string&>();
    if (std::find(choices.begin(), choices.end(), s) != choices.end()) return s;
  }
  std::vector<std::string> quoted;
  for (auto c : choices) quoted.push_back(fmt::format("\"{}\"", c));
  std::vector<std::string_view> views(quoted.begin(), quoted.end());
  diag.error(pointer, (choices.size() == 1 ? "" : "one of ") + join_choices(views),
             describe_json(v));
  return std::nullopt;
}

std::optional<std::string> read_string(ScenarioDiagnostics& diag, const nlohmann::json& v,
                                       const std::string& pointer, bool (*valid)(std::string_view),
                                       std::string_view expected) {
  if (v.is_string() && valid(v.get_ref<const std::string&>())) {
    return v.get<std::string>();
  }
  diag.error(pointer, expected, describe_json(v));
  return std::nullopt;
}

std::optional<std::vector<std::string>> read_choice_list(
    ScenarioDiagnostics& diag, const nlohmann::json& v, const std::string& pointer,
    const std::vector<std::string_view>& choices, std::string_view noun, bool allow_empty) {
  if (!v.is_array() || (!allow_empty && v.empty()) || v.size() > choices.size()) {
    std::string expected = fmt::format("{} ({} of {})", noun,
                                       allow_empty ? "zero or more" : "one or more",
                                       join_choices(choices, " and "));
    diag.error(pointer, expected, describe_json(v));
    return std::nullopt;
  }
  std::vector<std::string> out;
  bool ok = true;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const std::string at = json_pointer_child(pointer, i);
    auto item = read_choice(diag, v[i], at, choices);
    if (!item) {
      ok = false;
      continue;
    }
    if (std::find(out.begin(), out.end(), *item) != out.end()) {
      diag.error(at, "each entry once", quote_for_message(*item) + " again");
      ok = false;
      continue;
    }
    out.push_back(std::move(*item));
  }
  if (!ok) return std::nullopt;
  return out;
}

JsonObjectReader::JsonObjectReader(ScenarioDiagnostics& diag, const nlohmann::json& value,
                                   std::string pointer, std::string_view what)
    : diag_(diag), pointer_(std::move(pointer)) {
  if (value.is_object()) {
    object_ = &value;
  } else {
    diag_.error(pointer_, fmt::format("an object ({})", what), describe_json(value));
  }
}

const nlohmann::json* JsonObjectReader::field(std::string_view key, bool required,
                                              std::string_view expected) {
  allow(key);
  if (!object_) return nullptr;
  auto it = object_->find(std::string(key));
  if (it == object_->end()) {
    // The same name in another unit is reported once, by reject_unknown(), as the wrong unit.
    if (required && !has_other_unit_of(key)) {
      diag_.error(child(key), expected, "no such key (it is required)");
    }
    return nullptr;
  }
  return &*it;
}

bool JsonObjectReader::has_other_unit_of(std::string_view key) const {
  std::string_view stem;
  const std::string_view unit = unit_of_key(key, &stem);
  if (unit.empty()) return false;
  for (const auto& item : object_->items()) {
    std::string_view other_stem;
    const std::string_view other_unit = unit_of_key(item.key(), &other_stem);
    if (!other_unit.empty() && other_unit != unit && other_stem == stem) return true;
  }
  return false;
}

void JsonObjectReader::allow(std::string_view key) {
  if (std::find(declared_.begin(), declared_.end(), key) == declared_.end()) {
    declared_.emplace_back(key);
  }
}

void JsonObjectReader::reject_unknown() {
  if (!object_) return;
  for (const auto& [key, value] : object_->items()) {
    if (std::find(declared_.begin(), declared_.end(), key) != declared_.end()) continue;
    if (diag_.saturated()) {  // only counted from here: skip the hints (edit distances)
      diag_.error({}, {}, {});
      continue;
    }
    std::string_view stem;
    const std::string_view unit = unit_of_key(key, &stem);
    // The same name with another unit suffix: the value is probably in the wrong unit too.
    if (!unit.empty()) {
      bool reported = false;
      for (const auto& known : declared_) {
        std::string_view known_stem;
        const std::string_view known_unit = unit_of_key(known, &known_stem);
        if (!known_unit.empty() && known_stem == stem && known_unit != unit) {
          diag_.error(child(key),
                      fmt::format("a number of {} ({}{})", known_unit, display_prefix_, known),
                      fmt::format("{}, a key in {} (wrong unit)", quote_for_message(key), unit));
          reported = true;
          break;
        }
      }
      if (reported) continue;
    }
    std::vector<std::string> names;
    for (const auto& k : declared_) names.push_back(display_prefix_ + k);
    std::vector<std::string_view> views(names.begin(), names.end());
    std::string found = "unknown key " + quote_for_message(key);
    if (key.size() <= 64) {
      const std::string* best = nullptr;
      std::size_t best_distance = 3;  // suggest only close matches
      for (const auto& k : declared_) {
        // "token" for "token_ms": a prefix up to the unit counts as a close match.
        const bool unit_dropped = k.size() > key.size() && k.compare(0, key.size(), key) == 0 &&
                                  k[key.size()] == '_';
        const std::size_t d = unit_dropped ? 1 : edit_distance(key, k);
        if (d < best_distance) {
          best_distance = d;
          best = &k;
        }
      }
      if (best) found += fmt::format(" (did you mean \"{}{}\"?)", display_prefix_, *best);
    }
    diag_.error(child(key), "one of the keys " + join_choices(views), found);
  }
}

void JsonObjectReader::get(std::string_view key, bool required, const IntRule& rule, int& out) {
  if (const auto* v = field(key, required, expected_phrase(rule))) {
    if (auto r = read_integer(diag_, *v, child(key), rule)) out = static_cast<int>(*r);
  }
}

void JsonObjectReader::get(std::string_view key, bool required, const IntRule& rule,
                           std::int64_t& out) {
  if (const auto* v = field(key, required, expected_phrase(rule))) {
    if (auto r = read_integer(diag_, *v, child(key), rule)) out = *r;
  }
}

void JsonObjectReader::get(std::string_view key, bool required, const NumberRule& rule,
                           double& out) {
  if (const auto* v = field(key, required, expected_phrase(rule))) {
    if (auto r = read_number(diag_, *v, child(key), rule)) out = *r;
  }
}

void JsonObjectReader::get(std::string_view key, bool required, bool& out) {
  if (const auto* v = field(key, required, "true or false")) {
    if (auto r = read_bool(diag_, *v, child(key))) out = *r;
  }
}

void JsonObjectReader::get(std::string_view key, bool required,
                           const std::vector<std::string_view>& choices, std::string& out) {
  if (const auto* v = field(key, required, "one of " + join_choices(choices))) {
    if (auto r = read_choice(diag_, *v, child(key), choices)) out = std::move(*r);
  }
}

void JsonObjectReader::get(std::string_view key, bool required, bool (*valid)(std::string_view),
                           std::string_view expected, std::string& out) {
  if (const auto* v = field(key, required, expected)) {
    if (auto r = read_string(diag_, *v, child(key), valid, expected)) out = std::move(*r);
  }
}

}  // namespace harness
