// The "workload" section, read through fio's table (drivers/fio/options.cpp holds its rules).
#include <fmt/format.h>

#include "harness/scenario/option_io.hpp"
#include "harness/scenario/scenario_schema.hpp"
#include "harness/scenario/scenario_sections.hpp"

namespace harness {

void read_workload(ScenarioDiagnostics& diag, const nlohmann::json& value,
                   const std::string& pointer, WorkloadSpec& out) {
  JsonObjectReader r(diag, value, pointer, "the workload settings");
  if (!r.is_object()) return;
  read_options(r, fio_option_table(), out);
  r.reject_unknown();
}

nlohmann::json workload_schema() { return options_schema(fio_option_table()); }

void check_workload_fits_lab(ScenarioDiagnostics& diag, const WorkloadSpec& workload,
                             const LabSpec& lab, const std::string& workload_pointer) {
  const std::uint64_t usable_mib = drbd_usable_mib(static_cast<std::uint64_t>(lab.data_disk_mib));
  if (fio_region_bytes(workload) > usable_mib * 1024 * 1024) {
    diag.error(json_pointer_child(workload_pointer, "size"),
               fmt::format("a size of at most {}M (lab.data_disk_mib = {} minus DRBD metadata)",
                           usable_mib, lab.data_disk_mib),
               quote_for_message(workload.size) + " (a string)");
  }
}

}  // namespace harness
