#pragma once
// The lab's scenario keys (the "lab" section, with the target driver's key from
// drivers/target/options.hpp): where the nodes come from and how big they are.
#include <string>
#include <string_view>

#include "harness/core/option_table.hpp"

namespace harness {

struct LabOptions {
  std::string kind = "libvirt";        // the only real lab so far
  std::string uri = "qemu:///system";  // overridden by --libvirt-uri
  std::string accel = "auto";          // auto|kvm|tcg
  std::string image = "default";       // vm-images recipe name
  int vcpus = 1;
  int memory_mib = 1024;               // per node
  int data_disk_mib = 1024;            // DRBD backing disk of each target
};

const OptionTable<LabOptions>& lab_option_table();

// libvirt URIs: scheme "://" rest, printable ASCII without spaces, at most 256 characters.
bool is_valid_libvirt_uri(std::string_view s);

}  // namespace harness
