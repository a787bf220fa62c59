#include "harness/scenario/scenario_names.hpp"

namespace harness {
namespace {

bool lower_or_digit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

bool name_shape(std::string_view s, std::size_t max, std::string_view extra) {
  if (s.empty() || s.size() > max || !lower_or_digit(s[0])) return false;
  for (char c : s) {
    if (!lower_or_digit(c) && extra.find(c) == std::string_view::npos) return false;
  }
  return true;
}

}  // namespace

bool is_valid_step_id(std::string_view s) { return name_shape(s, 32, "_-"); }

bool is_valid_recipe_name(std::string_view s) { return name_shape(s, 64, "._-"); }

bool is_valid_libvirt_uri(std::string_view s) {
  if (s.size() > 256) return false;
  const auto sep = s.find("://");
  if (sep == std::string_view::npos || sep == 0) return false;
  const std::string_view scheme = s.substr(0, sep);
  if (!(scheme[0] >= 'a' && scheme[0] <= 'z')) return false;
  for (char c : scheme) {
    if (!lower_or_digit(c) && c != '+' && c != '.' && c != '-') return false;
  }
  for (char c : s) {
    if (c <= 0x20 || c >= 0x7f) return false;  // whitespace, control characters, non-ASCII
  }
  return true;
}

bool is_valid_description(std::string_view s) {
  return !s.empty() && s.size() <= 16 * 1024 &&
         s.find_first_not_of(" \t\r\n") != std::string_view::npos;
}

std::optional<std::uint64_t> parse_fio_size(std::string_view s) {
  if (s.empty() || s.size() > 14) return std::nullopt;
  std::uint64_t shift = 0;
  switch (s.back()) {
    case 'k': case 'K': shift = 10; break;
    case 'm': case 'M': shift = 20; break;
    case 'g': case 'G': shift = 30; break;
    default: break;
  }
  if (shift != 0) s.remove_suffix(1);
  if (s.empty() || s[0] == '0' || s.size() > 12) return std::nullopt;
  std::uint64_t n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (n > (std::uint64_t{1} << (50 - shift))) return std::nullopt;
  return n << shift;
}

}  // namespace harness
