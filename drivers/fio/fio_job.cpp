#include "drivers/fio/fio_job.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>

#include <fmt/format.h>

#include "harness/core/errors.hpp"
#include "harness/scenario/diagnostics.hpp"
#include "harness/scenario/option_io.hpp"

namespace harness {
namespace {

// The common tail of both jobs: how errors are treated.
void render_error_policy(std::string& out) {
  out += "verify_fatal=0\n";
  out += "verify_state_save=0\n";
  out += "continue_on_error=all\n";
  out += "ignore_error=" + fio_ignore_error_value() + "\n";
  out += "error_dump=1\n";
}

void render_target(std::string& out, const FioJobOptions& o) {
  out += "filename=" + o.filename + "\n";
  out += "ioengine=" + o.ioengine + "\n";
  out += fmt::format("direct={}\n", o.direct ? 1 : 0);
  // A file that does not exist yet is laid out; never preallocate (tmpfs, test files).
  if (!o.direct) out += "fallocate=none\n";
}

}  // namespace

const std::string& fio_ignore_error_value() {
  // Numbers, not names: fio 3.33 knows symbolic names only for errno 1..34.
  // EIO 5, ENXIO 6, ENODEV 19, ENOSPC 28, EBADE 52, ENODATA 61, ENOLINK 67, EILSEQ 84,
  // ETIMEDOUT 110, EREMOTEIO 121. Lists are read,write,verify; errnos inside a list use ':'.
  static const std::string v =
      "5:6:19:28:52:61:67:84:110:121,5:6:19:28:52:61:67:84:110:121,5:84";
  return v;
}

FioLayout fio_layout(const WorkloadSpec& spec) {
  require_options(fio_option_table(), static_cast<const FioOptions&>(spec), "/workload");
  FioLayout l;
  l.bs = *parse_fio_size(spec.bs);
  l.numjobs = spec.numjobs;
  l.runtime_ms = std::max<std::int64_t>(1, std::llround(spec.runtime_s * 1000));
  if (spec.rate_iops > 0)
    l.rate_iops_per_job = std::max<std::int64_t>(
        1, static_cast<std::int64_t>(std::ceil(spec.rate_iops / spec.numjobs)));
  // The table's cross check guarantees at least one block per slice.
  l.slice_bytes = *parse_fio_size(spec.size) / static_cast<std::uint64_t>(spec.numjobs) / l.bs * l.bs;
  l.region_bytes = l.slice_bytes * static_cast<std::uint64_t>(spec.numjobs);
  return l;
}

void check_fio_filename(const std::string& filename) {
  // fio splits filename= at ':' and the iolog parser at whitespace; reject rather than escape
  // (multipath devices are /dev/mapper/<name> or /dev/disk/by-id/dm-uuid-mpath-<wwid>).
  const bool ok = !filename.empty() && filename.front() == '/' && filename.size() < 256 &&
                  std::none_of(filename.begin(), filename.end(), [](char c) {
                    return c == ':' || c == ',' || static_cast<unsigned char>(c) <= ' ' ||
                           c == '\x7f';
                  });
  if (!ok)
    throw LabError(fmt::format("fio target {}: expected an absolute path under 256 characters "
                               "without ':', ',', spaces or control characters",
                               quote_for_message(filename)));
}

std::uint64_t fio_randseed(std::uint64_t seed) {
  // fio 3.33 reads randseed as a signed 64-bit number ("failed parsing randseed" above 2^63-1,
  // and the job is dropped): the run's seed without its top bit.
  return seed & 0x7fff'ffff'ffff'ffffULL;
}

std::string render_fio_job(const WorkloadSpec& spec, const FioJobOptions& o) {
  const FioLayout l = fio_layout(spec);
  check_fio_filename(o.filename);
  check_fio_filename(o.log_prefix);
  std::string out;
  out += "; failover harness load job (drivers/fio/fio_job.hpp explains each option)\n";
  out += "[global]\n";
  render_target(out, o);
  out += "rw=" + spec.rw + "\n";
  out += fmt::format("bs={}\n", l.bs);
  out += fmt::format("iodepth={}\n", spec.iodepth);
  out += fmt::format("size={}\n", l.slice_bytes);
  out += "time_based=1\n";
  out += fmt::format("runtime={}ms\n", l.runtime_ms);
  if (l.rate_iops_per_job > 0) out += fmt::format("rate_iops={}\n", l.rate_iops_per_job);
  out += fmt::format("randseed={}\n", fio_randseed(o.seed));
  if (spec.verify != "none") {
    out += "verify=" + spec.verify + "\n";
    out += fmt::format("verify_backlog={}\n", o.verify_backlog);
  }
  render_error_policy(out);
  out += "write_lat_log=" + o.log_prefix + "\n";
  out += "log_avg_msec=0\n";
  out += "log_unix_epoch=1\n";
  out += "log_offset=1\n";
  out += "per_job_logs=1\n";
  out += "lat_percentiles=1\n";
  out += "\n[load]\n";
  out += fmt::format("numjobs={}\n", l.numjobs);
  if (l.numjobs > 1) out += fmt::format("offset_increment={}\n", l.slice_bytes);
  return out;
}

std::string fio_lat_log_path(const std::string& log_prefix, int job) {
  return fmt::format("{}_lat.{}.log", log_prefix, job);
}

std::string render_fio_iolog(const std::string& filename, const std::vector<FioExtent>& extents,
                             int iodepth) {
  check_fio_filename(filename);
  std::string out;
  out.reserve(64 + extents.size() * (filename.size() + 24));
  out += "fio version 2 iolog\n";
  out += filename + " add\n";
  out += filename + " open\n";
  auto line = [&](const FioExtent& e) {
    out += filename;
    out += fmt::format(" read {} {}\n", e.offset, e.length);
  };
  for (const auto& e : extents) line(e);
  if (!extents.empty())
    for (int i = 0; i < 2 * iodepth; ++i) line(extents[static_cast<std::size_t>(i) % extents.size()]);
  out += filename + " close\n";
  return out;
}

std::string render_fio_readback_job(const WorkloadSpec& spec, const FioJobOptions& o,
                                    const std::string& iolog_path) {
  const FioLayout l = fio_layout(spec);
  check_fio_filename(o.filename);
  check_fio_filename(iolog_path);
  std::string out;
  out += "; failover harness readback job: reads every block the load completed writing\n";
  out += "[global]\n";
  render_target(out, o);
  out += fmt::format("iodepth={}\n", kReadbackIodepth);
  out += "read_iolog=" + iolog_path + "\n";
  if (spec.verify != "none") {
    out += "verify=" + spec.verify + "\n";
    out += fmt::format("verify_interval={}\n", l.bs);
  }
  render_error_policy(out);
  out += "\n[readback]\n";
  return out;
}

}  // namespace harness
