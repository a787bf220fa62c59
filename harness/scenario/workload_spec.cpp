// The "workload" section. Its values become fio arguments, so each is checked against fio's own
// vocabulary here rather than discovered by fio mid-run.
#include <algorithm>

#include <fmt/format.h>

#include "harness/scenario/json_reader.hpp"
#include "harness/scenario/scenario_names.hpp"
#include "harness/scenario/scenario_sections.hpp"

namespace harness {
namespace {

const std::vector<std::string_view> kReadOnly = {"read", "randread", "trim", "randtrim"};

bool is_valid_block_size(std::string_view s) {
  if (s.empty() || s.back() == 'g' || s.back() == 'G') return false;
  const auto bytes = parse_fio_size(s);
  return bytes && *bytes >= 512 && *bytes <= 16 * 1024 * 1024 && *bytes % 512 == 0;
}

bool is_valid_region_size(std::string_view s) {
  const auto bytes = parse_fio_size(s);
  return bytes && *bytes >= 1024 * 1024 && *bytes % 512 == 0;
}

}  // namespace

void read_workload(ScenarioDiagnostics& diag, const nlohmann::json& value,
                   const std::string& pointer, WorkloadSpec& out) {
  JsonObjectReader r(diag, value, pointer, "the workload settings");
  if (!r.is_object()) return;
  const std::size_t before = diag.count();
  r.get("engine", false, {"fio"}, out.engine);
  r.get("rw", false,
        {"read", "write", "trim", "randread", "randwrite", "randtrim", "rw", "readwrite", "randrw",
         "trimwrite"},
        out.rw);
  r.get("bs", false, &is_valid_block_size,
        "a block size such as \"4k\" (a multiple of 512 bytes from 512 to 16m)", out.bs);
  r.get("size", false, &is_valid_region_size,
        "a size such as \"256M\" (at least 1M, a multiple of 512 bytes; k, m, g are powers of "
        "1024)",
        out.size);
  r.get("iodepth", false, IntRule{1, 256, "an integer"}, out.iodepth);
  r.get("numjobs", false, IntRule{1, 16, "an integer"}, out.numjobs);
  r.get("runtime_s", false, NumberRule{0, true, 3600, "a number of seconds (runtime_s)"},
        out.runtime_s);
  r.get("rate_iops", false, NumberRule{0, false, 1e6, "a number of I/Os per second (0 = unlimited)"},
        out.rate_iops);
  r.get("verify", false,
        {"none", "crc32c", "crc32c-intel", "crc32", "crc16", "crc7", "crc64", "md5", "sha1",
         "sha256", "sha512", "sha3-256", "sha3-512", "xxhash"},
        out.verify);
  r.get("readback_verify", false, out.readback_verify);
  r.reject_unknown();
  if (diag.count() != before) return;

  // Checks across fields, once each field is known to be well formed.
  const bool read_only = std::find(kReadOnly.begin(), kReadOnly.end(), out.rw) != kReadOnly.end();
  if (read_only && out.verify != "none") {
    diag.error(r.child("verify"),
               fmt::format("\"none\" for rw = {} (a workload that writes nothing has nothing to "
                           "verify)",
                           out.rw),
               quote_for_message(out.verify) + " (a string)");
  }
  if (*parse_fio_size(out.size) < *parse_fio_size(out.bs)) {
    diag.error(r.child("size"), fmt::format("a size of at least bs = {}", out.bs),
               quote_for_message(out.size) + " (a string)");
  }
}

void check_workload_fits_lab(ScenarioDiagnostics& diag, const WorkloadSpec& workload,
                             const LabSpec& lab, const std::string& workload_pointer) {
  // DRBD's internal metadata: about 32 KiB of bitmap per GiB, plus activity log and superblock.
  const std::uint64_t reserve_mib = static_cast<std::uint64_t>(lab.data_disk_mib) / 32768 + 1;
  const std::uint64_t usable_mib = static_cast<std::uint64_t>(lab.data_disk_mib) - reserve_mib;
  const auto bytes = parse_fio_size(workload.size);
  if (bytes && *bytes > usable_mib * 1024 * 1024) {
    diag.error(json_pointer_child(workload_pointer, "size"),
               fmt::format("a size of at most {}M (lab.data_disk_mib = {} minus DRBD metadata)",
                           usable_mib, lab.data_disk_mib),
               quote_for_message(workload.size) + " (a string)");
  }
}

}  // namespace harness
