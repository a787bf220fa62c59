#pragma once
// The fio recordings in tests/data/fio (README.md there says how each was made) and the specs
// and job options they were made with.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "drivers/fio/fio_job.hpp"
#include "harness/scenario/scenario.hpp"

namespace harness::testing {

inline std::filesystem::path fio_data(const std::string& rel) {
  return std::filesystem::path(TEST_DATA_DIR) / "fio" / rel;
}

inline std::string read_fio_data(const std::string& rel) {
  std::ifstream in(fio_data(rel), std::ios::binary);
  if (!in) throw std::runtime_error("missing test data: " + fio_data(rel).string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// "load": 2 jobs, randwrite 4k, iodepth 4, 8M region, 3 s at 100 IOPS, crc32c, seed 7.
inline WorkloadSpec load_spec() {
  WorkloadSpec s;
  s.rw = "randwrite";
  s.bs = "4k";
  s.iodepth = 4;
  s.numjobs = 2;
  s.size = "8M";
  s.runtime_s = 3;
  s.rate_iops = 100;
  return s;
}
inline FioJobOptions load_options() {
  FioJobOptions o;
  o.filename = "/tmp/harness-fio-load/target.img";
  o.log_prefix = "/tmp/harness-fio-load/io";
  o.seed = 7;
  return o;
}

// "enospc": 1 job, 2 s at 400 IOPS on a sparse 8M file on a 1M tmpfs (buffered I/O).
inline WorkloadSpec enospc_spec() {
  WorkloadSpec s = load_spec();
  s.numjobs = 1;
  s.runtime_s = 2;
  s.rate_iops = 400;
  return s;
}
inline FioJobOptions enospc_options() {
  FioJobOptions o;
  o.filename = "/tmp/harness-fio-enospc/small/target.img";
  o.log_prefix = "/tmp/harness-fio-enospc/io";
  o.seed = 7;
  o.direct = false;
  return o;
}

// "midrun": 1 job, 4M region, 3 s at 200 IOPS; the file was zeroed under fio 1.5 s in.
inline WorkloadSpec midrun_spec() {
  WorkloadSpec s = load_spec();
  s.numjobs = 1;
  s.size = "4M";
  s.rate_iops = 200;
  return s;
}
inline FioJobOptions midrun_options() {
  FioJobOptions o;
  o.filename = "/tmp/harness-fio-midrun/target.img";
  o.log_prefix = "/tmp/harness-fio-midrun/io";
  o.seed = 7;
  return o;
}

}  // namespace harness::testing
