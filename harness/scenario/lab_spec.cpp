// The "lab" section: where the nodes come from and how big they are.
#include "harness/scenario/json_reader.hpp"
#include "harness/scenario/scenario_names.hpp"
#include "harness/scenario/scenario_sections.hpp"

namespace harness {

void read_lab(ScenarioDiagnostics& diag, const nlohmann::json& value, const std::string& pointer,
              LabSpec& out) {
  JsonObjectReader r(diag, value, pointer, "the lab settings");
  if (!r.is_object()) return;
  r.get("kind", false, {"libvirt"}, out.kind);
  r.get("uri", false, &is_valid_libvirt_uri,
        "a libvirt URI such as \"qemu:///system\" (scheme://..., no spaces or control characters, "
        "at most 256 characters)",
        out.uri);
  r.get("accel", false, {"auto", "kvm", "tcg"}, out.accel);
  r.get("image", false, &is_valid_recipe_name,
        "a vm-images recipe name ([a-z0-9][a-z0-9._-], at most 64 characters)", out.image);
  r.get("target_driver", false, {"lio", "scst"}, out.target_driver);
  r.get("vcpus", false, IntRule{1, 8, "an integer number of vCPUs"}, out.vcpus);
  r.get("memory_mib", false, IntRule{512, 16384, "an integer number of MiB"}, out.memory_mib);
  r.get("data_disk_mib", false, IntRule{64, 65536, "an integer number of MiB"}, out.data_disk_mib);
  r.reject_unknown();
}

}  // namespace harness
