#pragma once
// Shapes of the names a scenario carries. Hand-written checks rather than std::regex:
// libstdc++'s regex recurses per character and would overflow the stack on a multi-MiB string.
// (Recipe names are in harness/core/names.hpp, libvirt URIs and fio sizes with their owners'
// options: drivers/libvirt/options.hpp, drivers/fio/options.hpp.)
#include <string_view>

#include "harness/core/names.hpp"

namespace harness {

// Step ids: [a-z0-9][a-z0-9_-]{0,31}
bool is_valid_step_id(std::string_view s);
// A non-empty description of at most 16 KiB.
bool is_valid_description(std::string_view s);

}  // namespace harness
