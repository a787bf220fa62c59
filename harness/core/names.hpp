#pragma once
// Shapes of names used as file and domain names. Hand-written checks rather than std::regex:
// libstdc++'s regex recurses per character and would overflow the stack on a multi-MiB string.
#include <cstddef>
#include <string_view>

namespace harness {

// [a-z0-9] then up to max-1 of [a-z0-9] or `extra`.
bool is_name_shape(std::string_view s, std::size_t max, std::string_view extra);
// Scenario names and vm-images recipe names: [a-z0-9][a-z0-9._-]{0,63} (safe as a file name).
bool is_valid_recipe_name(std::string_view s);

}  // namespace harness
