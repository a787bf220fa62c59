#pragma once
// Collects scenario problems as "FILE: /json/pointer: expected X, found Y" lines, so that one run
// of the parser reports every mistake in a file instead of one per edit-and-retry cycle.
// Internal to harness/scenario; users see only the ScenarioError it raises.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace harness {

class ScenarioDiagnostics {
 public:
  // Lines beyond this are counted, not formatted: a file with 100k bad keys must not produce a
  // 100k-line message (or spend its time building one).
  static constexpr std::size_t kMaxReported = 20;

  explicit ScenarioDiagnostics(std::string file) : file_(std::move(file)) {}

  // `pointer` may be empty for the document itself.
  void error(std::string_view pointer, std::string_view expected, std::string_view found);
  bool empty() const { return total_ == 0; }
  // True once further lines would only be counted: callers may skip building costly messages.
  bool saturated() const { return lines_.size() >= kMaxReported; }
  std::size_t count() const { return total_; }
  const std::string& file() const { return file_; }
  // The lines recorded so far (at most kMaxReported), as raise_if_any would join them.
  const std::vector<std::string>& lines() const { return lines_; }
  // Throws ScenarioError carrying every recorded line (and "... and N more") if any.
  void raise_if_any() const;

 private:
  std::string file_;
  std::vector<std::string> lines_;
  std::size_t total_ = 0;
};

// RFC 6901 pointer of a child: "~" and "/" in keys are escaped as ~0 and ~1.
std::string json_pointer_child(std::string_view parent, std::string_view key);
std::string json_pointer_child(std::string_view parent, std::size_t index);

// A short, printable rendering of a value for the "found ..." part of a message:
// "\"30s\" (a string)", "5", "true", "null", "an object", "a list of 3 items".
std::string describe_json(const nlohmann::json& value);
// A string in JSON quotes, ASCII only, cut to a readable length.
std::string quote_for_message(std::string_view text);
// "a, b or c" for the "expected one of ..." part of a message.
std::string join_choices(const std::vector<std::string_view>& choices, std::string_view last_sep = " or ");

}  // namespace harness
