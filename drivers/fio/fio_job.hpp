#pragma once
// fio job files for the workload, rendered from the scenario's WorkloadSpec.
//
// The load job (render_fio_job): libaio, O_DIRECT on the multipath device, time-based for the
// scenario's runtime. numjobs jobs each own a disjoint slice of the region (offset_increment),
// because jobs verifying blocks that another job overwrites would report false corruption.
//   - Per-I/O completion log: write_lat_log with log_avg_msec=0 (one line per completion),
//     log_unix_epoch=1 (wall-clock stamps, mapped to the host clock later), log_offset=1.
//     "lat" is submission → completion (slat + clat), what EVENTS.md calls lat_ns.
//   - verify=<spec.verify> with verify_backlog: blocks are read back and checked while the load
//     runs, so a block lost across the failover is seen soon after it was acknowledged.
//     verify_fatal=0: one bad block does not hide the others. verify_state_save=0: no state
//     files littering the working directory (nothing loads them).
//   - continue_on_error=all plus ignore_error: an I/O error is counted and the load goes on.
//     The storage engineer wants to see how many I/Os failed during the failover and that I/O
//     resumed afterwards; a job that dies at the first EIO would turn a countable failure into
//     a missing measurement. fio's default "non-fatal" list is only EIO and EILSEQ, so every
//     errno the block layer can return (blk_status_to_errno: EIO, ENOLINK, EREMOTEIO,
//     ETIMEDOUT, EBADE, ENODATA, ENOSPC, EILSEQ) plus ENXIO/ENODEV is listed for reads and
//     writes, and EIO/EILSEQ for verify. error_dump=1 prints each error (counted per I/O from
//     stderr; fio's JSON total_err undercounts verify failures).
//   - randseed from the run's seed: the same seed replays the same offsets.
// The readback job (render_fio_readback_job) replays a read_iolog of exactly the blocks the
// load completed writing, verifying each block's self-describing header and checksum. Not
// verify_only: fio refuses it for time_based jobs, and a time-based random load does not write
// the whole region, so a full read would flag never-written blocks.
#include <cstdint>
#include <string>
#include <vector>

#include "drivers/fio/options.hpp"
#include "harness/scenario/scenario.hpp"

namespace harness {

// The numbers a spec comes to in bytes: numjobs slices of `slice_bytes`, starting at 0.
struct FioLayout {
  std::uint64_t bs = 0;           // block size, bytes
  std::uint64_t slice_bytes = 0;  // per job: size / numjobs rounded down to a multiple of bs
  std::uint64_t region_bytes = 0; // numjobs × slice_bytes
  int numjobs = 1;
  std::int64_t rate_iops_per_job = 0;  // ceil(rate_iops / numjobs); 0 = unlimited
  std::int64_t runtime_ms = 0;
};

// Validates every field fio would see and computes the layout. Throws ScenarioError
// "/workload/<key>: expected ..., found ..." (fio's table in options.cpp: the parser's rules,
// applied to a spec that may have been built in code).
FioLayout fio_layout(const WorkloadSpec& spec);

struct FioJobOptions {
  std::string filename;      // the multipath device (a scratch file in tests); no ':' or spaces
  std::string log_prefix;    // write_lat_log prefix: logs are <prefix>_lat.<job>.log, job 1..N
  std::uint64_t seed = 0;    // fio randseed
  std::string ioengine = "libaio";
  bool direct = true;        // O_DIRECT (false only for files on filesystems without it)
  int verify_backlog = 64;   // blocks written between two verify batches
};

// Throws LabError if `filename` cannot be written into a job file or iolog safely.
void check_fio_filename(const std::string& filename);

// The randseed fio accepts for a run's seed (fio takes it as a signed 64-bit number).
std::uint64_t fio_randseed(std::uint64_t seed);
std::string render_fio_job(const WorkloadSpec& spec, const FioJobOptions& options);

// The lat log of job `job` (1-based) for a prefix: "<prefix>_lat.<job>.log".
std::string fio_lat_log_path(const std::string& log_prefix, int job);

// Byte ranges [offset, offset + length) the readback reads, ascending, block-aligned.
struct FioExtent {
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
};

inline constexpr int kReadbackIodepth = 16;

// A fio "version 2" iolog reading every extent. fio 3.33 replaying an iolog at iodepth > 1
// drops the I/Os still in flight when the log runs out — unaccounted and unverified (seen with
// a corrupted last block passing) — so 2 × iodepth reads of already-listed extents are
// appended; they re-read blocks that are verified anyway.
std::string render_fio_iolog(const std::string& filename, const std::vector<FioExtent>& extents,
                             int iodepth = kReadbackIodepth);

// The readback job: read_iolog `iolog_path`, verify=<spec.verify> with verify_interval=bs (the
// header granularity the load wrote), same error policy as the load.
std::string render_fio_readback_job(const WorkloadSpec& spec, const FioJobOptions& options,
                                    const std::string& iolog_path);

// The ignore_error value used by both jobs (read list, write list, verify list).
const std::string& fio_ignore_error_value();

}  // namespace harness
