#include "harness/scenario/scenario_names.hpp"

namespace harness {

bool is_valid_step_id(std::string_view s) { return is_name_shape(s, 32, "_-"); }

bool is_valid_description(std::string_view s) {
  return !s.empty() && s.size() <= 16 * 1024 &&
         s.find_first_not_of(" \t\r\n") != std::string_view::npos;
}

}  // namespace harness
