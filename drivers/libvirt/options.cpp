#include "drivers/libvirt/options.hpp"

#include "harness/core/names.hpp"

namespace harness {

const OptionTable<LabOptions>& lab_option_table() {
  using K = OptionKind;
  using O = LabOptions;
  static const OptionTable<O> table{
      "lab",
      {
          {&O::kind, {.key = "kind", .kind = K::choice, .values = {"libvirt"},
                      .doc = "Where the nodes come from."}},
          {&O::uri,
           {.key = "uri", .kind = K::text, .max = 256, .valid = &is_valid_libvirt_uri,
            .expected = "a libvirt URI such as \"qemu:///system\" (scheme://..., no spaces or "
                        "control characters, at most 256 characters)",
            .pattern = "^[a-z][a-z0-9+.-]*://[!-~]*$",
            .doc = "libvirt connection URI (--libvirt-uri overrides it)."}},
          {&O::accel, {.key = "accel", .kind = K::choice, .values = {"auto", "kvm", "tcg"},
                       .doc = "KVM where it works, else TCG (auto), or forced."}},
          {&O::image,
           {.key = "image", .kind = K::text, .valid = &is_valid_recipe_name,
            .expected = "a vm-images recipe name ([a-z0-9][a-z0-9._-], at most 64 characters)",
            .pattern = "^[a-z0-9][a-z0-9._-]{0,63}$",
            .doc = "The vm-images recipe the nodes boot."}},
          {&O::vcpus, {.key = "vcpus", .kind = K::integer, .min = 1, .max = 8, .unit = "vCPUs",
                       .doc = "vCPUs per node."}},
          {&O::memory_mib,
           {.key = "memory_mib", .kind = K::integer, .min = 512, .max = 16384, .unit = "MiB",
            .doc = "Memory per node."}},
          {&O::data_disk_mib,
           {.key = "data_disk_mib", .kind = K::integer, .min = 64, .max = 65536, .unit = "MiB",
            .doc = "DRBD backing disk of each target."}},
      }};
  return table;
}

bool is_valid_libvirt_uri(std::string_view s) {
  if (s.size() > 256) return false;
  const auto sep = s.find("://");
  if (sep == std::string_view::npos || sep == 0) return false;
  const std::string_view scheme = s.substr(0, sep);
  if (!(scheme[0] >= 'a' && scheme[0] <= 'z')) return false;
  for (char c : scheme) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '.' ||
                    c == '-';
    if (!ok) return false;
  }
  for (char c : s) {
    if (c <= 0x20 || c >= 0x7f) return false;  // whitespace, control characters, non-ASCII
  }
  return true;
}

}  // namespace harness
