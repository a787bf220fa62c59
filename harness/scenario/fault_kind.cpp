#include "harness/scenario/fault_kind.hpp"

#include <algorithm>

namespace harness {

const FaultStepRules* find_fault_kind(const FaultKinds& kinds, std::string_view name) {
  for (const FaultStepRules* k : kinds)
    if (k->name == name) return k;
  return nullptr;
}

std::vector<std::string_view> fault_kind_names(const FaultKinds& kinds) {
  std::vector<std::string_view> names;
  for (const FaultStepRules* k : kinds) names.push_back(k->name);
  return names;
}

std::vector<std::string_view> option_keys(const FaultStepRules& kind) {
  std::vector<std::string_view> keys;
  for (const auto& o : kind.options) keys.push_back(o.key);
  keys.push_back("duration_s");
  return keys;
}

std::vector<std::string_view> all_option_keys(const FaultKinds& kinds) {
  std::vector<std::string_view> keys;
  for (const FaultStepRules* k : kinds)
    for (auto key : option_keys(*k))
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
  if (keys.empty()) keys.push_back("duration_s");
  return keys;
}

FaultSpec with_defaults(const FaultStepRules& kind, FaultSpec spec) {
  if (!spec.options.is_object()) spec.options = nlohmann::json::object();
  for (const auto& o : kind.options)
    if (!o.default_value.is_null() && !spec.options.contains(o.key))
      spec.options[std::string(o.key)] = o.default_value;
  spec.permanent = kind.permanent;
  return spec;
}

std::string FaultSpec::option_string(std::string_view key) const {
  auto it = options.find(key);
  return it != options.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<std::int64_t> FaultSpec::option_integer(std::string_view key) const {
  auto it = options.find(key);
  if (it == options.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<std::int64_t>();
}

std::vector<std::string> FaultSpec::option_strings(std::string_view key) const {
  std::vector<std::string> out;
  auto it = options.find(key);
  if (it == options.end() || !it->is_array()) return out;
  for (const auto& v : *it)
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

}  // namespace harness
