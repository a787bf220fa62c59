#include "reports/json_fields.hpp"

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "harness/core/errors.hpp"

namespace harness::json_fields {

using nlohmann::json;

void bad(const std::string& ptr, std::string_view expected, const json& found) {
  std::string shown = found.dump(-1, ' ', false, json::error_handler_t::replace);
  if (shown.size() > 60) shown = shown.substr(0, 57) + "...";
  throw Error(fmt::format("{}: expected {}, found {}", ptr.empty() ? "/" : ptr, expected, shown));
}

const json* member(const json& o, const std::string& at, const char* key, bool required) {
  if (!o.is_object()) bad(at, "an object", o);
  auto it = o.find(key);
  if (it == o.end()) {
    if (required) throw Error(fmt::format("{}/{}: missing (required)", at, key));
    return nullptr;
  }
  return &*it;
}

std::string get_string(const json& o, const std::string& at, const char* key, bool required) {
  const json* v = member(o, at, key, required);
  if (!v) return {};
  if (!v->is_string()) bad(at + "/" + key, "a string", *v);
  return v->get<std::string>();
}

double get_double(const json& o, const std::string& at, const char* key, bool required) {
  const json* v = member(o, at, key, required);
  if (!v) return 0;
  if (!v->is_number()) bad(at + "/" + key, "a number", *v);
  return v->get<double>();
}

std::int64_t get_int(const json& o, const std::string& at, const char* key, bool required) {
  const json* v = member(o, at, key, required);
  if (!v) return 0;
  if (!v->is_number_integer()) bad(at + "/" + key, "an integer", *v);
  return v->get<std::int64_t>();
}

std::uint64_t get_u64(const json& o, const std::string& at, const char* key, bool required) {
  const json* v = member(o, at, key, required);
  if (!v) return 0;
  if (v->is_number_unsigned()) return v->get<std::uint64_t>();
  if (v->is_number_integer() && v->get<std::int64_t>() >= 0) return v->get<std::uint64_t>();
  bad(at + "/" + key, "a non-negative integer", *v);
}

bool get_bool(const json& o, const std::string& at, const char* key, bool required) {
  const json* v = member(o, at, key, required);
  if (!v) return false;
  if (!v->is_boolean()) bad(at + "/" + key, "true or false", *v);
  return v->get<bool>();
}

const json& get_array(const json& o, const std::string& at, const char* key) {
  static const json empty = json::array();
  const json* v = member(o, at, key, false);
  if (!v) return empty;
  if (!v->is_array()) bad(at + "/" + key, "an array", *v);
  return *v;
}

json parse_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(fmt::format("{}: cannot open", path));
  std::stringstream buf;
  buf << in.rdbuf();
  try {
    return json::parse(buf.str());
  } catch (const json::parse_error& e) {
    throw Error(fmt::format("{}: not valid JSON: {}", path, e.what()));
  }
}

}  // namespace harness::json_fields
