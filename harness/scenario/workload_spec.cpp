// The "workload" section, read through fio's table (drivers/fio/options.cpp holds its rules), and
// its "ledger" object through the ledger's (drivers/ledger/options.cpp).
#include <fmt/format.h>

#include "harness/scenario/option_io.hpp"
#include "harness/scenario/scenario_schema.hpp"
#include "harness/scenario/scenario_sections.hpp"

namespace harness {

void read_workload(ScenarioDiagnostics& diag, const nlohmann::json& value,
                   const std::string& pointer, WorkloadSpec& out) {
  JsonObjectReader r(diag, value, pointer, "the workload settings");
  if (!r.is_object()) return;
  read_options(r, fio_option_table(), static_cast<FioOptions&>(out));
  if (const auto* lv = r.field("ledger", false, "")) {
    JsonObjectReader lr(diag, *lv, r.child("ledger"), "the ledger's settings ({} for defaults)");
    if (lr.is_object()) {
      lr.set_display_prefix("ledger.");
      LedgerOptions l;
      read_options(lr, ledger_option_table(), l);
      lr.reject_unknown();
      out.ledger = l;
    }
  }
  r.reject_unknown();
}

nlohmann::json workload_schema() {
  nlohmann::json s = options_schema(fio_option_table());
  nlohmann::json ledger = options_schema(ledger_option_table());
  ledger["description"] =
      "The acknowledged-write ledger beside fio, on its own region after fio's (docs/LEDGER.md).";
  s["properties"]["ledger"] = std::move(ledger);
  return s;
}

std::uint64_t ledger_offset_bytes(const WorkloadSpec& w) {
  constexpr std::uint64_t kMiB = 1024 * 1024;
  return (fio_region_bytes(w) + kMiB - 1) / kMiB * kMiB;
}

std::uint64_t workload_region_bytes(const WorkloadSpec& w) {
  if (!w.ledger) return fio_region_bytes(w);
  return ledger_offset_bytes(w) + ledger_region_bytes(*w.ledger);
}

void check_workload_fits_lab(ScenarioDiagnostics& diag, const WorkloadSpec& workload,
                             const LabSpec& lab, const std::string& workload_pointer) {
  const std::uint64_t usable_mib = drbd_usable_mib(static_cast<std::uint64_t>(lab.data_disk_mib));
  const std::uint64_t usable = usable_mib * 1024 * 1024;
  if (fio_region_bytes(workload) > usable) {
    diag.error(json_pointer_child(workload_pointer, "size"),
               fmt::format("a size of at most {}M (lab.data_disk_mib = {} minus DRBD metadata)",
                           usable_mib, lab.data_disk_mib),
               quote_for_message(workload.size) + " (a string)");
  } else if (workload.ledger && workload_region_bytes(workload) > usable) {
    diag.error(json_pointer_child(json_pointer_child(workload_pointer, "ledger"), "size"),
               fmt::format("a size of at most {}M (the ledger follows fio's region of {} on a "
                           "device of {}M: lab.data_disk_mib = {} minus DRBD metadata)",
                           (usable - ledger_offset_bytes(workload)) / (1024 * 1024),
                           workload.size, usable_mib, lab.data_disk_mib),
               quote_for_message(workload.ledger->size) + " (a string)");
  }
}

}  // namespace harness
