#include "harness/scenario/diagnostics.hpp"

#include <fmt/format.h>

#include "harness/core/errors.hpp"

namespace harness {

void ScenarioDiagnostics::error(std::string_view pointer, std::string_view expected,
                                std::string_view found) {
  ++total_;
  if (lines_.size() >= kMaxReported) return;
  // No file: a struct built in code, checked by a driver ("/workload/bs: expected ...").
  std::string line = file_.empty() ? "" : file_ + ": ";
  if (!pointer.empty()) {
    line += pointer;
    line += ": ";
  }
  line += "expected ";
  line += expected;
  line += ", found ";
  line += found;
  lines_.push_back(std::move(line));
}

void ScenarioDiagnostics::raise_if_any() const {
  if (total_ == 0) return;
  std::string message;
  for (const auto& line : lines_) {
    if (!message.empty()) message += '\n';
    message += line;
  }
  if (total_ > lines_.size()) {
    message += fmt::format("\n{}: ... and {} more problems", file_, total_ - lines_.size());
  }
  throw ScenarioError(message);
}

std::string json_pointer_child(std::string_view parent, std::string_view key) {
  std::string out(parent);
  out += '/';
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string json_pointer_child(std::string_view parent, std::size_t index) {
  return std::string(parent) + "/" + std::to_string(index);
}

std::string quote_for_message(std::string_view text) {
  // Cut before escaping so a multi-MiB string costs nothing; a cut inside a UTF-8 sequence is
  // rendered as U+FFFD by the replace handler rather than throwing.
  constexpr std::size_t kMax = 60;
  const bool cut = text.size() > kMax;
  nlohmann::json s = std::string(text.substr(0, kMax));
  std::string out = s.dump(-1, ' ', true, nlohmann::json::error_handler_t::replace);
  if (cut) out.insert(out.size() - 1, "...");
  return out;
}

std::string describe_json(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::null:
      return "null";
    case nlohmann::json::value_t::boolean:
      return value.get<bool>() ? "true" : "false";
    case nlohmann::json::value_t::string:
      return quote_for_message(value.get_ref<const std::string&>()) + " (a string)";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float:
      return value.dump();
    case nlohmann::json::value_t::object:
      return value.empty() ? "an empty object" : "an object";
    case nlohmann::json::value_t::array:
      if (value.empty()) return "an empty list";
      return value.size() == 1 ? "a list of 1 item" : fmt::format("a list of {} items", value.size());
    default:
      return "a value of an unsupported type";
  }
}

std::string join_choices(const std::vector<std::string_view>& choices, std::string_view last_sep) {
  std::string out;
  for (std::size_t i = 0; i < choices.size(); ++i) {
    if (i > 0) out += (i + 1 == choices.size()) ? std::string(last_sep) : std::string(", ");
    out += choices[i];
  }
  return out;
}

}  // namespace harness
