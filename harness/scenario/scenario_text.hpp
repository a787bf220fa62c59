#pragma once
// From bytes to a JSON document, defensively: a scenario file may be empty, binary, huge, nested
// deep enough to overflow the stack of a recursive consumer, or carry duplicate keys that
// nlohmann would silently collapse. Each case is a ScenarioError naming the file (and
// LINE:COLUMN where a position means something), never a crash or a hang.
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace harness {

inline constexpr std::size_t kMaxScenarioBytes = 4 * 1024 * 1024;
// nlohmann's copy, compare and dump recurse per level; 64 is far above any real scenario (5).
inline constexpr std::size_t kMaxScenarioDepth = 64;

struct TextPosition {
  std::size_t line = 1;    // 1-based
  std::size_t column = 1;  // 1-based, in characters (UTF-8 code points), as editors count
};
// Position of the byte at `offset` (0-based; clamped to the end of `text`).
TextPosition text_position(std::string_view text, std::size_t offset);

// Checks size, emptiness, encoding, nesting and duplicate keys, then parses.
nlohmann::json parse_scenario_json(std::string_view text, const std::string& label);

// Reads a regular file of at most kMaxScenarioBytes; anything else (missing, a directory, a FIFO
// that would block, /dev/zero, a file that is too big) is a ScenarioError, checked before reading.
std::string read_scenario_file(const std::filesystem::path& file);

}  // namespace harness
