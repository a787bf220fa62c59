#pragma once
// fio --output-format=json. The output file is not one clean document: with --status-interval
// fio appends a full document per interval (the last one is the final result), and fio's error
// messages ("fio: io_u error ...") are written into the same file between them. So the parser
// takes the last document that starts with {"fio version" and ignores the text around it.
// fio 3.33 has no verify counters in JSON; per job it has "error" (the first error, also when
// it was not fatal), "total_err" and "first_error" (non-fatal errors counted with
// continue_on_error; verify failures are undercounted, see fio_messages.hpp).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace harness {

struct FioDirStats {
  std::int64_t total_ios = 0;    // completed I/Os, errored ones included
  std::int64_t io_bytes = 0;     // bytes of successful I/O
  std::int64_t short_ios = 0;
  std::int64_t drop_ios = 0;
  std::int64_t lat_max_ns = 0;   // lat_ns: submission → completion
  double lat_mean_ns = 0;
  std::optional<std::int64_t> lat_p99_ns;   // with lat_percentiles=1
  std::optional<std::int64_t> lat_p999_ns;
};

struct FioJobResult {
  std::string name;
  int error = 0;                 // first error (errno), 0 if none
  std::int64_t total_err = 0;
  int first_error = 0;
  std::int64_t job_runtime_ms = 0;
  FioDirStats read, write, trim;
  std::int64_t ios() const { return read.total_ios + write.total_ios + trim.total_ios; }
  std::int64_t bytes() const { return read.io_bytes + write.io_bytes + trim.io_bytes; }
};

struct FioResult {
  std::string version;           // "fio-3.33"
  std::int64_t timestamp_ms = 0;
  std::vector<FioJobResult> jobs;
  int documents = 0;             // documents in the output (status reports + the final one)

  std::int64_t ios() const;
  std::int64_t bytes() const;
  std::int64_t total_err() const;
  int first_job_error() const;   // first non-zero job error, 0 if none
};

// The last fio document in `output`. Throws LabError (naming what was found) if there is none
// or it does not parse.
FioResult parse_fio_json(std::string_view output);

}  // namespace harness
