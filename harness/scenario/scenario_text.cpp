#include "harness/scenario/scenario_text.hpp"

#include <fstream>
#include <optional>
#include <unordered_set>
#include <vector>

#include <fmt/format.h>

#include "harness/core/errors.hpp"
#include "harness/scenario/diagnostics.hpp"

namespace harness {
namespace {

[[noreturn]] void fail_at(std::string_view text, const std::string& label, std::size_t offset,
                          const std::string& what) {
  const TextPosition p = text_position(text, offset);
  throw ScenarioError(fmt::format("{}:{}:{}: {}", label, p.line, p.column, what));
}

std::string too_big(std::uintmax_t bytes) {
  return fmt::format("file is {} bytes; scenario files are at most 4 MiB ({} bytes)", bytes,
                     kMaxScenarioBytes);
}

// Length of the valid UTF-8 sequence starting at s[i], or 0 (overlong forms, surrogates and
// code points above U+10FFFF are invalid, as RFC 3629 says).
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  if (c < 0x80) return 1;
  std::size_t len = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  if (b(i + 1) < lo || b(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < len; ++k) {
    if (b(i + k) < 0x80 || b(i + k) > 0xBF) return 0;
  }
  return len;
}

void check_encoding(std::string_view text, const std::string& label) {
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const bool control = c < 0x20 && c != '\t' && c != '\n' && c != '\r';
    const std::size_t len = control ? 0 : utf8_sequence(text, i);
    if (len == 0) {
      fail_at(text, label, i,
              fmt::format("expected UTF-8 text, found binary data at byte {} (0x{:02x})", i, c));
    }
    i += len;
  }
}

// Brackets outside strings; cheap, and runs before any recursive consumer sees the text.
void check_depth(std::string_view text, const std::string& label) {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxScenarioDepth) {
        fail_at(text, label, i,
                fmt::format("expected JSON nested at most {} levels deep, found deeper nesting",
                            kMaxScenarioDepth));
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
}

// "[json.exception.parse_error.101] parse error at line 1, column 6: syntax error ..." ->
// "syntax error ...": the position is printed by us, from the byte offset.
std::string clean_nlohmann_message(std::string what) {
  if (!what.empty() && what[0] == '[') {
    const auto close = what.find("] ");
    if (close != std::string::npos) what.erase(0, close + 2);
  }
  if (what.rfind("parse error", 0) == 0) {
    const auto colon = what.find(": ");
    if (colon != std::string::npos) what.erase(0, colon + 2);
  }
  constexpr std::size_t kMax = 200;
  if (what.size() > kMax) what = what.substr(0, kMax) + "...";
  return what;
}

// A SAX pass that finds duplicate keys (with their JSON pointer) and syntax errors (with their
// byte position). nlohmann's own parser is iterative, so this pass is safe at any depth.
class StructureScan {
 public:
  using json = nlohmann::json;
  bool null() { return value(); }
  bool boolean(bool) { return value(); }
  bool number_integer(json::number_integer_t) { return value(); }
  bool number_unsigned(json::number_unsigned_t) { return value(); }
  bool number_float(json::number_float_t, const json::string_t&) { return value(); }
  bool string(json::string_t&) { return value(); }
  bool binary(json::binary_t&) { return value(); }
  bool start_object(std::size_t) {
    frames_.push_back(Frame{true, {}, {}, 0});
    return true;
  }
  bool key(json::string_t& k) {
    Frame& f = frames_.back();
    if (!f.keys.insert(k).second) {
      duplicate_ = json_pointer_child(pointer_to_top(), k);
      duplicate_key_ = k;
      return false;
    }
    f.current = k;
    return true;
  }
  bool end_object() {
    frames_.pop_back();
    return value();
  }
  bool start_array(std::size_t) {
    frames_.push_back(Frame{false, {}, {}, 0});
    return true;
  }
  bool end_array() {
    frames_.pop_back();
    return value();
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) {
    error_position_ = position;
    error_ = clean_nlohmann_message(ex.what());
    return false;
  }

  std::optional<std::string> duplicate_;
  std::string duplicate_key_;
  std::optional<std::string> error_;
  std::size_t error_position_ = 0;

 private:
  struct Frame {
    bool object;
    std::unordered_set<std::string> keys;
    std::string current;
    std::size_t index;
  };
  bool value() {
    if (!frames_.empty() && !frames_.back().object) ++frames_.back().index;
    return true;
  }
  std::string pointer_to_top() const {
    std::string p;
    for (std::size_t i = 0; i + 1 < frames_.size(); ++i) {
      const Frame& f = frames_[i];
      p = f.object ? json_pointer_child(p, f.current) : json_pointer_child(p, f.index);
    }
    return p;
  }
  std::vector<Frame> frames_;
};

}  // namespace

TextPosition text_position(std::string_view text, std::size_t offset) {
  if (offset > text.size()) offset = text.size();
  TextPosition p;
  for (std::size_t i = 0; i < offset; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++p.line;
      p.column = 1;
    } else if ((c & 0xC0) != 0x80) {  // count code points, not continuation bytes
      ++p.column;
    }
  }
  return p;
}

nlohmann::json parse_scenario_json(std::string_view text, const std::string& label) {
  if (text.size() > kMaxScenarioBytes) throw ScenarioError(label + ": " + too_big(text.size()));
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    throw ScenarioError(label + ": expected a JSON object (a scenario), found an empty file");
  }
  check_encoding(text, label);
  check_depth(text, label);

  StructureScan scan;
  try {
    nlohmann::json::sax_parse(text.begin(), text.end(), &scan);
  } catch (const nlohmann::json::exception& e) {  // the SAX interface reports, but be safe
    throw ScenarioError(label + ": invalid JSON: " + clean_nlohmann_message(e.what()));
  }
  if (scan.error_) {
    // nlohmann counts the bytes read, the offending one included.
    const std::size_t offset = scan.error_position_ > 0 ? scan.error_position_ - 1 : 0;
    fail_at(text, label, offset, "invalid JSON: " + *scan.error_);
  }
  if (scan.duplicate_) {
    throw ScenarioError(fmt::format("{}: {}: expected each key once in an object, found {} twice",
                                    label, *scan.duplicate_, quote_for_message(scan.duplicate_key_)));
  }
  try {
    return nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::exception& e) {
    throw ScenarioError(label + ": invalid JSON: " + clean_nlohmann_message(e.what()));
  }
}

std::string read_scenario_file(const std::filesystem::path& file) {
  const std::string label = file.string();
  std::error_code ec;
  const auto status = std::filesystem::status(file, ec);
  if (ec || !std::filesystem::exists(status)) {
    throw ScenarioError(label + ": cannot read: " +
                        (ec ? ec.message() : std::string("no such file")));
  }
  if (!std::filesystem::is_regular_file(status)) {
    const char* kind = std::filesystem::is_directory(status) ? "a directory" : "a special file";
    throw ScenarioError(fmt::format("{}: expected a regular file, found {}", label, kind));
  }
  const auto size = std::filesystem::file_size(file, ec);
  if (!ec && size > kMaxScenarioBytes) throw ScenarioError(label + ": " + too_big(size));

  std::ifstream in(file, std::ios::binary);
  if (!in) throw ScenarioError(label + ": cannot read: open failed");
  // Read at most one byte past the limit: the file may have grown since stat().
  std::string text(kMaxScenarioBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) throw ScenarioError(label + ": cannot read: I/O error");
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > kMaxScenarioBytes) throw ScenarioError(label + ": " + too_big(text.size()));
  return text;
}

}  // namespace harness
