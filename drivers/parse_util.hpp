#pragma once
// Small text helpers shared by the status parsers in this folder: line splitting, trimming,
// strict integer parsing, and the one error shape every parser throws (LabError naming the
// tool, what was expected and what was found), so a caller's log says which command's output
// was not understood.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace harness::status {

// Lines without their '\n' (and a trailing '\r'); a final line without '\n' is kept.
std::vector<std::string_view> split_lines(std::string_view text);
std::string_view trim(std::string_view s);
// Whitespace-separated words.
std::vector<std::string_view> split_words(std::string_view s);
// The whole of `s` as a base-10 integer (no sign unless allowed, no trailing junk).
std::optional<std::int64_t> to_int(std::string_view s);
// "0x1f", "0x1" or decimal.
std::optional<std::int64_t> to_int_auto(std::string_view s);
// At most 80 characters of `s`, for error messages.
std::string excerpt(std::string_view s);

// LabError("<tool>: expected <expected>, found \"<excerpt of found>\"").
[[noreturn]] void parse_error(std::string_view tool, std::string_view expected,
                              std::string_view found);

}  // namespace harness::status
