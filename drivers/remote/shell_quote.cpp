#include "drivers/remote/shell_quote.hpp"

#include "harness/core/errors.hpp"

namespace harness {

namespace {
// Not special to sh anywhere in a word. Deliberately excluded: '=' (a first word `a=b` is an
// assignment), '~' (tilde expansion), '#' (comment), and everything non-ASCII (locale-dependent).
bool is_bare_safe(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.' || c == '/' || c == ',' || c == ':' || c == '@' || c == '%' ||
         c == '+';
}
}  // namespace

std::string shell_quote(std::string_view arg) {
  if (arg.find('\0') != std::string_view::npos)
    throw LabError("shell_quote: an argument contains a NUL byte, which no command line can carry");
  bool bare = !arg.empty();
  for (char c : arg) bare = bare && is_bare_safe(c);
  if (bare) return std::string(arg);
  std::string out;
  out.reserve(arg.size() + 2);
  out += '\'';
  for (char c : arg) {
    if (c == '\'')
      out += "'\\''";
    else
      out += c;
  }
  out += '\'';
  return out;
}

std::string shell_join(const std::vector<std::string>& argv) {
  std::string out;
  for (const auto& a : argv) {
    if (out.empty() && !a.empty() && a.front() == '-') {
      // The joined string becomes `sh -c STRING`; a leading '-' would be read as an option.
      out = "'" + a + "'";  // bare-safe words contain no quote
      continue;
    }
    if (!out.empty()) out += ' ';
    out += shell_quote(a);
  }
  return out;
}

}  // namespace harness
