#pragma once
// Shapes of the names and sizes a scenario carries. Hand-written checks rather than std::regex:
// libstdc++'s regex recurses per character and would overflow the stack on a multi-MiB string.
#include <cstdint>
#include <optional>
#include <string_view>

namespace harness {

// Step ids: [a-z0-9][a-z0-9_-]{0,31}
bool is_valid_step_id(std::string_view s);
// Scenario names and vm-images recipe names: [a-z0-9][a-z0-9._-]{0,63} (safe as a file name).
bool is_valid_recipe_name(std::string_view s);
// libvirt URIs: scheme "://" rest, printable ASCII without spaces, at most 256 characters.
bool is_valid_libvirt_uri(std::string_view s);
// A non-empty description of at most 16 KiB.
bool is_valid_description(std::string_view s);
// fio sizes: digits without a leading zero and an optional k, m or g (any case), as powers of
// 1024 (fio's default kb_base). nullopt if malformed or beyond 2^50 bytes.
std::optional<std::uint64_t> parse_fio_size(std::string_view s);

}  // namespace harness
