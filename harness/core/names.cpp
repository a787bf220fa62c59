#include "harness/core/names.hpp"

namespace harness {
namespace {

bool lower_or_digit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

}  // namespace

bool is_name_shape(std::string_view s, std::size_t max, std::string_view extra) {
  if (s.empty() || s.size() > max || !lower_or_digit(s[0])) return false;
  for (char c : s) {
    if (!lower_or_digit(c) && extra.find(c) == std::string_view::npos) return false;
  }
  return true;
}

bool is_valid_recipe_name(std::string_view s) { return is_name_shape(s, 64, "._-"); }

}  // namespace harness
