#include "drivers/fio/options.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

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

std::string quoted(const std::string& s) { return fmt::format("\"{}\" (a string)", s); }

std::vector<OptionProblem> cross_check(const FioOptions& o) {
  std::vector<OptionProblem> out;
  if (!fio_rw_writes(o.rw) && o.verify != "none")
    out.push_back({"verify",
                   fmt::format("\"none\" for rw = {} (a workload that writes nothing has nothing "
                               "to verify)",
                               o.rw),
                   quoted(o.verify)});
  // numjobs slices of whole blocks: each must hold at least one.
  const std::uint64_t bs = parse_fio_size(o.bs).value_or(1);
  const std::uint64_t jobs = static_cast<std::uint64_t>(std::max(o.numjobs, 1));
  if (parse_fio_size(o.size).value_or(0) / jobs / bs == 0)
    out.push_back({"size",
                   fmt::format("a size of at least numjobs × bs = {} bytes", jobs * bs),
                   quoted(o.size)});
  return out;
}

// The read-only rule in the schema, so editors flag it too.
nlohmann::json schema_rules() {
  return {{"if", {{"required", {"rw"}}, {"properties", {{"rw", {{"enum", kReadOnly}}}}}}},
          {"then",
           {{"required", {"verify"}}, {"properties", {{"verify", {{"const", "none"}}}}}}}};
}

}  // namespace

const OptionTable<FioOptions>& fio_option_table() {
  using K = OptionKind;
  using O = FioOptions;
  static const OptionTable<O> table{
      "workload",
      {
          {&O::engine, {.key = "engine", .kind = K::choice, .values = {"fio"},
                        .doc = "The load generator."}},
          {&O::rw,
           {.key = "rw", .kind = K::choice,
            .values = {"read", "write", "trim", "randread", "randwrite", "randtrim", "rw",
                       "readwrite", "randrw", "trimwrite"},
            .doc = "fio rw=: the I/O pattern."}},
          {&O::bs,
           {.key = "bs", .kind = K::text, .valid = &is_valid_block_size,
            .expected = "a block size such as \"4k\" (a multiple of 512 bytes from 512 to 16m)",
            .pattern = "^[1-9][0-9]{0,11}[kKmM]?$",
            .doc = "fio bs=: a multiple of 512 bytes from 512 to 16m."}},
          {&O::size,
           {.key = "size", .kind = K::text, .valid = &is_valid_region_size,
            .expected = "a size such as \"256M\" (at least 1M, a multiple of 512 bytes; k, m, g "
                        "are powers of 1024)",
            .pattern = "^[1-9][0-9]{0,11}[kKmMgG]?$",
            .doc = "The region of the multipath device exercised: at least 1M; at most the DRBD "
                   "device."}},
          {&O::iodepth, {.key = "iodepth", .kind = K::integer, .min = 1, .max = 256,
                         .doc = "fio iodepth= per job."}},
          {&O::numjobs,
           {.key = "numjobs", .kind = K::integer, .min = 1, .max = 16,
            .doc = "fio numjobs=: each job owns a disjoint slice of the region."}},
          {&O::runtime_s,
           {.key = "runtime_s", .kind = K::number, .min = 0, .max = 3600, .min_exclusive = true,
            .unit = "s", .noun = "a number of seconds (runtime_s)",
            .doc = "Seconds of load; faults are timed from its start."}},
          {&O::rate_iops,
           {.key = "rate_iops", .kind = K::number, .min = 0, .max = 1e6,
            .noun = "a number of I/Os per second (0 = unlimited)",
            .doc = "Total I/Os per second over all jobs (0 = unlimited)."}},
          {&O::verify,
           {.key = "verify", .kind = K::choice,
            .values = {"none", "crc32c", "crc32c-intel", "crc32", "crc16", "crc7", "crc64", "md5",
                       "sha1", "sha256", "sha512", "sha3-256", "sha3-512", "xxhash"},
            .doc = "fio verify= while the load runs (\"none\" disables; must be none for reads)."}},
          {&O::readback_verify,
           {.key = "readback_verify", .kind = K::boolean,
            .doc = "Read back every block written, after the heal."}},
      },
      &cross_check,
      &schema_rules};
  return table;
}

std::optional<std::uint64_t> parse_fio_size(std::string_view s) {
  if (s.empty() || s.size() > 14) return std::nullopt;
  std::uint64_t shift = 0;
  switch (s.back()) {
    case 'k': case 'K': shift = 10; break;
    case 'm': case 'M': shift = 20; break;
    case 'g': case 'G': shift = 30; break;
    default: break;
  }
  if (shift != 0) s.remove_suffix(1);
  if (s.empty() || s[0] == '0' || s.size() > 12) return std::nullopt;
  std::uint64_t n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (n > (std::uint64_t{1} << (50 - shift))) return std::nullopt;
  return n << shift;
}

bool fio_rw_writes(std::string_view rw) {
  return std::find(kReadOnly.begin(), kReadOnly.end(), rw) == kReadOnly.end();
}

std::uint64_t fio_region_bytes(const FioOptions& o) { return parse_fio_size(o.size).value_or(0); }

}  // namespace harness
