#pragma once
// Strict reads of the report files' JSON (result.json, matrix.json): a missing required key or a
// wrong type is a harness::Error whose message starts with the JSON pointer of the offending value
// ("/scenarios/0/repeats/1/exit_code: expected an integer, found \"x\""); the file readers prefix
// the file's path. A silently defaulted verdict would lie, so nothing is guessed.
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace harness::json_fields {

// Throws "PTR: expected EXPECTED, found VALUE" (the value shortened to 60 characters).
[[noreturn]] void bad(const std::string& ptr, std::string_view expected, const nlohmann::json& found);

// The member `key` of object `o` (found at pointer `at`); nullptr when absent and optional.
const nlohmann::json* member(const nlohmann::json& o, const std::string& at, const char* key,
                             bool required);

// Typed members; an absent optional member reads as empty, 0 or false.
std::string get_string(const nlohmann::json& o, const std::string& at, const char* key, bool required);
double get_double(const nlohmann::json& o, const std::string& at, const char* key, bool required);
std::int64_t get_int(const nlohmann::json& o, const std::string& at, const char* key, bool required);
std::uint64_t get_u64(const nlohmann::json& o, const std::string& at, const char* key, bool required);
bool get_bool(const nlohmann::json& o, const std::string& at, const char* key, bool required);
// An absent array reads as an empty one.
const nlohmann::json& get_array(const nlohmann::json& o, const std::string& at, const char* key);

// The whole file parsed, or harness::Error "PATH: cannot open" / "PATH: not valid JSON: ...".
nlohmann::json parse_file(const std::string& path);

}  // namespace harness::json_fields
