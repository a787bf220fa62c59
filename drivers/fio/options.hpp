#pragma once
// The workload's scenario keys (the "workload" section): fio's own vocabulary and rules, declared
// once here and read by the scenario parser, the JSON Schema, the job renderer and the CLI.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "harness/core/option_table.hpp"

namespace harness {

struct FioOptions {
  std::string engine = "fio";
  std::string rw = "randwrite";   // fio rw=
  std::string bs = "4k";          // fio bs=
  int iodepth = 4;
  int numjobs = 1;
  std::string size = "256M";      // region of the multipath device exercised
  double runtime_s = 60;          // seconds of load; faults are timed from its start
  double rate_iops = 0;           // 0 = unlimited
  std::string verify = "crc32c";  // fio verify= ("none" disables)
  bool readback_verify = true;    // read back everything written after the heal
};

// Rows and the rules across them (reads verify nothing; each job's slice holds a block).
const OptionTable<FioOptions>& fio_option_table();

// fio sizes: digits without a leading zero and an optional k, m or g (any case), as powers of
// 1024 (fio's default kb_base). nullopt if malformed or beyond 2^50 bytes.
std::optional<std::uint64_t> parse_fio_size(std::string_view s);
// Whether an rw value writes anything (the read-back and verify have something to check).
bool fio_rw_writes(std::string_view rw);
// The region's bytes (the size key), 0 if malformed.
std::uint64_t fio_region_bytes(const FioOptions& o);

}  // namespace harness
