#include "drivers/ledger/ledger_workload.hpp"

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "drivers/fio/fio_job.hpp"
#include "drivers/ledger/ledger_log.hpp"
#include "drivers/multipath/multipath_paths.hpp"
#include "drivers/guest_dir.hpp"
#include "drivers/shipped_file.hpp"
#include "harness/core/errors.hpp"
#include "harness/core/names.hpp"
#include "harness/scenario/option_io.hpp"
#include "harness/scenario/seeded_draws.hpp"

namespace harness {
namespace {

constexpr const char* kRunnerFile = "drivers/ledger/ledger-run";
constexpr const char* kLog = "write.log";

// Constant scripts; paths and names travel as positional parameters, never as code.
constexpr const char* kLaunch = "exec setsid -f sh \"$1/run.sh\" \"$@\" </dev/null >/dev/null 2>&1";
// 0: the log holds records past its header, 2: the program ended, 1: not yet.
constexpr const char* kPollFlowing =
    "cd \"$1\" || exit 3; "
    "[ \"$(stat -c %s write.log 2>/dev/null || echo 0)\" -gt 264 ] && exit 0; "
    "test -e writer.rc && exit 2; exit 1";
constexpr const char* kReadRc = "cat \"$1/writer.rc\" 2>/dev/null";
constexpr const char* kStop =
    "pid=$(cat \"$1/writer.pid\" 2>/dev/null) || exit 0; "
    "[ \"$(cat /proc/$pid/comm 2>/dev/null)\" = harness-ledger ] && kill -TERM \"$pid\"; exit 0";
constexpr const char* kStderr = "cat \"$1/writer.stderr\" 2>/dev/null; true";

std::string read_host_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw LabError(fmt::format("{}: cannot read (build the harness-ledger target)", p.string()));
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_host_file(const std::filesystem::path& p, const std::string& bytes) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw LabError(fmt::format("{}: cannot write", p.string()));
}

}  // namespace

std::uint64_t ledger_run_id(const std::string& run_id) {
  const std::uint64_t h = fnv1a64(run_id);
  return h == 0 ? 1 : h;
}

LedgerWorkload::LedgerWorkload(Remote& initiator, LedgerOptions spec, LedgerWorkloadOptions options)
    : remote_(initiator), spec_(std::move(spec)), opt_(std::move(options)) {
  require_options(ledger_option_table(), spec_, "/workload/ledger");
  check_fio_filename(opt_.device);
  check_owned_dir(opt_.work_dir, "harness-ledger", "ledger working directory");
  if (opt_.run_id == 0) throw LabError("ledger: run id 0 is reserved (blank blocks)");
  if (opt_.offset_bytes % static_cast<std::uint64_t>(spec_.block_size) != 0)
    throw LabError(fmt::format("ledger: region offset {} is not a multiple of the block size {}",
                               opt_.offset_bytes, spec_.block_size));
  for (const auto& p : opt_.peers) {
    if (!p.remote) throw LabError("ledger: peer " + p.node + " has no remote");
    check_fio_filename(p.device);
  }
}

std::vector<std::string> LedgerWorkload::writer_args() const {
  std::vector<std::string> a = {
      "--device", opt_.device,
      "--log", path(kLog),
      "--offset", std::to_string(opt_.offset_bytes),
      "--size", std::to_string(ledger_region_bytes(spec_)),
      "--block-size", std::to_string(spec_.block_size),
      "--run-id", std::to_string(opt_.run_id),
      "--seed", std::to_string(opt_.seed),
      "--rate", std::to_string(spec_.rate),
      "--in-flight", std::to_string(spec_.in_flight),
      "--duration", fmt::format("{:g}", opt_.duration_s),
      "--drain", fmt::format("{:g}", spec_.drain_s),
      "--late-ms", std::to_string(spec_.late_ms)};
  if (spec_.dsync) a.push_back("--dsync");
  return a;
}

std::int64_t LedgerWorkload::to_host(std::int64_t guest_ns, const HistoryHeader& anchor) const {
  if (opt_.to_host) return opt_.to_host(guest_ns, anchor);
  return guest_realtime_to_host_mono(guest_ns, offset_.value_or(ClockOffset{}), anchor);
}

void LedgerWorkload::install(Remote& r, const Deadline& deadline) {
  r.check(fresh_dir_argv(opt_.work_dir), deadline);
  r.put_files({{path("harness-ledger"), read_host_file(opt_.program), 0755},
               {path("run.sh"), read_shipped_file(kRunnerFile), 0644}},
              deadline);
}

void LedgerWorkload::start(History& history, const Deadline& deadline) {
  (void)history;
  if (started_) throw LabError(remote_.node() + ": ledger workload started twice");
  const std::int64_t t0 = deadline.clock().now_ns();
  auto step = [&](const std::string& what) {
    if (opt_.progress)
      opt_.progress(fmt::format("ledger: {} ({:.1f} s)", what,
                                ns_to_seconds(deadline.clock().now_ns() - t0)));
  };
  if (!opt_.to_host) offset_ = estimate_clock_offset(remote_, deadline);
  install(remote_, deadline);
  std::vector<std::string> argv = {"sh", "-c", kLaunch, "sh", opt_.work_dir, "writer"};
  const auto args = writer_args();
  argv.insert(argv.end(), args.begin(), args.end());
  remote_.check(argv, deadline);
  launched_ns_ = deadline.clock().now_ns();
  started_ = true;
  step("launched");
  const auto poll = sh_script(kPollFlowing, {opt_.work_dir});
  for (;;) {
    CommandResult r;
    try {
      r = remote_.run(poll, deadline);
    } catch (const TimeoutError&) {
      stop_writer(Deadline::after(deadline.clock(), 10));
      throw;
    }
    if (r.exit_status == 0) return step("writing");
    if (r.exit_status == 2) {
      const auto err = remote_.run(sh_script(kStderr, {opt_.work_dir}), deadline).out;
      throw LabError(fmt::format("{}: harness-ledger ended before its first write: {}",
                                 remote_.node(), tail_lines(err, 5)));
    }
    if (r.exit_status != 1)
      throw LabError(fmt::format("{}: polling the ledger's log: exit {}", remote_.node(),
                                 r.exit_status));
    if (deadline.expired()) {
      stop_writer(Deadline::after(deadline.clock(), 10));
      throw TimeoutError(remote_.node() + ": harness-ledger wrote nothing before the deadline");
    }
    deadline.sleep_until(deadline.clock().now_ns() + seconds_to_ns(opt_.poll_s));
  }
}

void LedgerWorkload::stop_writer(const Deadline& deadline) {
  try {
    remote_.run(sh_script(kStop, {opt_.work_dir}), deadline);
  } catch (const Error&) {
    // Best effort: the program ends by itself after its duration.
  }
}

void LedgerWorkload::finish(History& history, const Deadline& deadline) {
  if (!started_) throw LabError(remote_.node() + ": ledger workload finished before it started");
  if (collected_) return;
  // The writer ends by itself after duration + drain; poll from its planned end on.
  const std::int64_t planned_end = launched_ns_ + seconds_to_ns(opt_.duration_s);
  deadline.sleep_until(planned_end);
  std::string rc;
  bool timed_out = false;
  for (;;) {
    rc = remote_.run(sh_script(kReadRc, {opt_.work_dir}), deadline).out;
    if (!rc.empty()) break;
    if (deadline.expired() || deadline.stop_requested()) {
      timed_out = true;
      break;
    }
    deadline.sleep_until(deadline.clock().now_ns() + seconds_to_ns(opt_.poll_s));
  }
  // Past the deadline the writer is stopped (SIGTERM writes its end record) and what it
  // logged is still collected: a timed-out run keeps its evidence.
  const Deadline collect = timed_out ? Deadline::after(deadline.clock(), 60) : deadline;
  if (timed_out) {
    stop_writer(collect);
    collect.sleep_until(collect.clock().now_ns() + seconds_to_ns(1));
  }
  const std::string bytes = remote_.get_file(path(kLog), collect);
  const std::string stderr_text = remote_.run(sh_script(kStderr, {opt_.work_dir}), collect).out;
  write_host_file(opt_.save_dir / kLog, bytes);
  const ledger::LedgerLog log = ledger::parse_ledger_log(bytes, opt_.save_prefix + "/" + kLog);
  const HistoryHeader anchor = history.header();
  // Guest monotonic → host monotonic is one offset for the whole log (both maps are shifts).
  const std::int64_t delta =
      to_host(ledger::log_mono_to_realtime(log.header, log.ledger.start_ns), anchor) -
      log.ledger.start_ns;
  std::uint64_t acked = 0, failed = 0, in_flight = 0;
  for (const auto& w : log.ledger.writes) {
    if (w.complete_ns == ledger::kNever)
      ++in_flight;
    else if (w.result == static_cast<std::int32_t>(log.ledger.block_size))
      ++acked;
    else
      ++failed;
  }
  nlohmann::json data = {
      {"file", opt_.save_prefix + "/" + kLog},
      {"device", opt_.device},
      {"offset", opt_.offset_bytes},
      {"size", ledger_region_bytes(spec_)},
      {"block_size", spec_.block_size},
      {"rate", spec_.rate},
      {"run_id", std::to_string(opt_.run_id)},
      {"mono_to_host_ns", delta},
      {"writes", log.ledger.writes.size()},
      {"acknowledged", acked},
      {"failed", failed},
      {"in_flight", in_flight},
      {"missed", log.ledger.missed.total()},
      {"complete", log.ledger.end_ns != ledger::kNever},
      {"exit", rc.empty() ? nlohmann::json() : nlohmann::json(std::stoi(rc))},
      {"stall_threshold_s", spec_.stall_threshold_s},
  };
  // Stalls as the open loop saw them (host clock), for the path-switch check: when service
  // stopped is the first held write's submission, not the last completion before a gap.
  nlohmann::json episodes = nlohmann::json::array();
  for (const auto& e : ledger::longest_episodes(
           ledger::late_episodes(log.ledger, seconds_to_ns(spec_.stall_threshold_s)), 20))
    episodes.push_back({{"first_write", e.first_seq},
                        {"first_submit_ns", e.first_submit_ns + delta},
                        {"last_complete_ns", e.last_complete_ns == ledger::kNever
                                                 ? nlohmann::json()
                                                 : nlohmann::json(e.last_complete_ns + delta)},
                        {"writes", e.writes}});
  data["late_episodes"] = std::move(episodes);
  if (offset_) data["clock_bound_ns"] = offset_->bound_ns;
  if (!stderr_text.empty()) data["stderr"] = tail_lines(stderr_text, 5);
  history.add(deadline.clock().now_ns(), EventKind::verify, remote_.node(), "ledger_log",
              std::move(data));
  collected_ = true;
  if (timed_out) throw TimeoutError(remote_.node() + ": harness-ledger did not end in time");
}

void LedgerWorkload::read_back(History& history, Remote& r, const std::string& device,
                               const std::string& role, const std::string& name,
                               const std::string& file, bool by_log, const Deadline& deadline) {
  const std::int64_t t0 = deadline.clock().now_ns();
  std::vector<std::string> argv = {path("harness-ledger"), "--read-back", device, "--out", path(file)};
  if (by_log) {
    argv.insert(argv.end(), {"--log", path(kLog)});
  } else {
    argv.insert(argv.end(), {"--run-id", std::to_string(opt_.run_id),
                             "--offset", std::to_string(opt_.offset_bytes),
                             "--size", std::to_string(ledger_region_bytes(spec_)),
                             "--block-size", std::to_string(spec_.block_size)});
  }
  nlohmann::json data = {{"role", role}, {"name", name}, {"device", device}};
  const CommandResult res = r.run(argv, deadline);
  if (res.exit_status != 0) {
    // A view that cannot be read at all is a finding for the check only on the device.
    data["error"] = fmt::format("exit {}: {}", res.exit_status, tail_lines(res.err, 3));
  } else {
    write_host_file(opt_.save_dir / file, r.get_file(path(file), deadline));
    data["file"] = opt_.save_prefix + "/" + file;
  }
  data["duration_s"] = ns_to_seconds(deadline.clock().now_ns() - t0);
  history.add(deadline.clock().now_ns(), EventKind::verify, r.node(), "ledger_readback",
              std::move(data));
  if (opt_.progress)
    opt_.progress(fmt::format("ledger: read back {} ({:.1f} s)", name, ns_to_seconds(deadline.clock().now_ns() - t0)));
}

void LedgerWorkload::readback_verify(History& history, const Deadline& deadline) {
  if (!collected_) throw LabError("ledger read-back: the load was never collected");
  read_back(history, remote_, opt_.device, "device", "multipath " + opt_.device, "device.rbk", true,
            deadline);
}

void LedgerWorkload::after_verify(History& history, const Deadline& deadline) {
  if (!collected_) return;
  // Each path on its own: a path group that serves an older version than one acknowledged is a
  // stale read waiting for an application.
  std::vector<MultipathPath> paths;
  if (opt_.read_paths)
    paths = parse_multipathd_paths(remote_.check(multipathd_paths_argv(), deadline).out);
  for (const auto& p : paths) {
    check_fio_filename("/dev/" + p.dev);
    read_back(history, remote_, "/dev/" + p.dev, "path",
              fmt::format("path {} ({}, {}/{}, prio {})", p.dev, p.target_name, p.dm_state,
                          p.checker_state, p.prio),
              "path-" + p.dev + ".rbk", true, deadline);
  }
  for (const auto& peer : opt_.peers) {
    install(*peer.remote, deadline);
    read_back(history, *peer.remote, peer.device, "peer", "peer " + peer.node + " " + peer.device,
              "peer-" + peer.node + ".rbk", false, deadline);
  }
}

}  // namespace harness
