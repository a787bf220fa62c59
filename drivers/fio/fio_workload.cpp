#include "drivers/fio/fio_workload.hpp"

#include <algorithm>
#include <charconv>
#include <set>

#include <fmt/format.h>

#include "drivers/guest_dir.hpp"
#include "drivers/shipped_file.hpp"
#include "drivers/fio/fio_json.hpp"
#include "drivers/fio/fio_messages.hpp"
#include "harness/core/errors.hpp"

namespace harness {
namespace {

// The guest-side runner drivers/fio/fio-run, installed as run.sh (see fio_workload.hpp).
// It is also what tests/data/fio/record.sh records with, so the recordings come from it.
constexpr const char* kRunnerFile = "drivers/fio/fio-run";

// Constant scripts; paths and names travel as positional parameters, never as code.
constexpr const char* kLaunch =
    "exec setsid -f bash \"$1/run.sh\" \"$@\" </dev/null >/dev/null 2>&1";
// 0: a completed I/O shows in fio's status, 2: fio ended without one, 1: not yet.
constexpr const char* kPollFlowing =
    "cd \"$1\" || exit 3; "
    "grep -q '\"total_ios\" : [1-9]' \"$2.json\" 2>/dev/null && exit 0; "
    "test -e \"$2.rc\" && exit 2; exit 1";
constexpr const char* kReadRc = "cat \"$1/$2.rc\" 2>/dev/null";
constexpr const char* kStop =
    "pid=$(cat \"$1/$2.pid\" 2>/dev/null) || exit 0; "
    "[ \"$(cat /proc/$pid/comm 2>/dev/null)\" = fio ] && kill -TERM \"$pid\"; exit 0";
constexpr const char* kListLogs = "cd \"$1\" && for f in io_lat.*.log; do [ -e \"$f\" ] && echo \"$f\"; done; true";
constexpr const char* kRemoveLogs = "cd \"$1\" && rm -f io_lat.*.log io_clat.*.log io_slat.*.log";


std::string join_first(const std::vector<std::string>& lines, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < lines.size() && i < n; ++i) out += (out.empty() ? "" : "\n") + lines[i];
  return out;
}

}  // namespace

struct FioWorkload::RunResult {
  int exit_status = -1;        // -1: no exit status (fio did not end)
  std::string stderr_text;
  FioMessages messages;
  std::optional<FioResult> result;
  std::string json_error;      // why result is empty
};

GuestTimeMap guest_time_map(const ClockOffset& offset) {
  return [offset](std::int64_t guest_ns, const HistoryHeader& anchor) {
    return guest_realtime_to_host_mono(guest_ns, offset, anchor);
  };
}

FioWorkload::FioWorkload(Remote& initiator, WorkloadSpec spec, FioWorkloadOptions options)
    : remote_(initiator), spec_(std::move(spec)), opt_(std::move(options)) {
  layout_ = fio_layout(spec_);
  check_fio_filename(opt_.device);
  check_owned_dir(opt_.work_dir, "harness-fio", "fio working directory");
  written_ = WrittenBlocks(layout_.region_bytes, layout_.bs);
}

std::string FioWorkload::load_job_text() const {
  FioJobOptions o;
  o.filename = opt_.device;
  o.log_prefix = log_prefix();
  o.seed = opt_.seed;
  o.ioengine = opt_.ioengine;
  o.direct = opt_.direct;
  o.verify_backlog = opt_.verify_backlog;
  return render_fio_job(spec_, o);
}

std::int64_t FioWorkload::to_host(std::int64_t guest_ns, const HistoryHeader& anchor) const {
  if (opt_.to_host) return opt_.to_host(guest_ns, anchor);
  return guest_realtime_to_host_mono(guest_ns, offset_.value_or(ClockOffset{}), anchor);
}

void FioWorkload::launch(const std::string& name, const std::vector<std::string>& fio_args,
                         const Deadline& deadline) {
  std::vector<std::string> argv = {"sh", "-c", kLaunch, "sh", opt_.work_dir, name};
  argv.insert(argv.end(), fio_args.begin(), fio_args.end());
  remote_.check(argv, deadline);
}

void FioWorkload::start(History& history, const Deadline& deadline) {
  (void)history;
  if (started_) throw LabError(remote_.node() + ": fio workload started twice");
  const std::int64_t t0 = deadline.clock().now_ns();
  auto step = [&](const std::string& what) {
    if (opt_.progress)
      opt_.progress(fmt::format("fio: {} ({:.1f} s)", what,
                                ns_to_seconds(deadline.clock().now_ns() - t0)));
  };
  if (!opt_.to_host) {
    offset_ = estimate_clock_offset(remote_, deadline);
    step(remote_.node() + " clock offset estimated");
  }
  remote_.check(fresh_dir_argv(opt_.work_dir), deadline);
  const std::string runner = read_shipped_file(kRunnerFile), job = load_job_text();
  remote_.put_files({{path("run.sh"), runner, 0644}, {path("load.fio"), job, 0644}}, deadline);
  step("job written");
  launch("load", {"--output-format=json", "--output=load.json", "--status-interval=500ms", "load.fio"},
         deadline);
  launched_ns_ = deadline.clock().now_ns();
  started_ = true;
  step("launched");
  const auto poll = sh_script(kPollFlowing, {opt_.work_dir, "load"});
  for (;;) {
    CommandResult r;
    try {
      r = remote_.run(poll, deadline);
    } catch (const TimeoutError&) {
      // The deadline ran out inside the poll: fio must not go on writing behind our back.
      stop_fio("load", Deadline::after(deadline.clock(), 10));
      throw;
    }
    if (r.exit_status == 0) {
      step("a completed I/O in its status");
      return;
    }
    if (r.exit_status == 2 || r.exit_status == 3) {
      std::string err;
      try {
        err = tail_lines(remote_.get_file(path("load.stderr"), deadline), 8);
      } catch (const LabError& e) {
        err = e.what();
      }
      throw LabError(fmt::format("{}: fio on {} ended before any I/O completed: {}", remote_.node(),
                                 opt_.device, err.empty() ? "(no output)" : err));
    }
    if (r.exit_status != 1) throw LabError(describe_failure(remote_.node(), poll, r));
    const std::int64_t next = deadline.clock().now_ns() + seconds_to_ns(opt_.poll_interval_s);
    if (!deadline.sleep_until(next)) {
      stop_fio("load", Deadline::after(deadline.clock(), 10));
      deadline.check(fmt::format("{}: waiting for fio's first I/O on {}", remote_.node(), opt_.device));
      throw TimeoutError(fmt::format("{}: no fio I/O completed on {} before the deadline",
                                     remote_.node(), opt_.device));
    }
  }
}

bool FioWorkload::wait_for_exit(const std::string& name, std::int64_t not_before_ns,
                                const Deadline& deadline) {
  if (not_before_ns > deadline.clock().now_ns() && !deadline.sleep_until(not_before_ns)) return false;
  const auto cmd = sh_script(kReadRc, {opt_.work_dir, name});
  for (;;) {
    if (deadline.expired() || deadline.stop_requested()) return false;
    auto r = remote_.run(cmd, deadline);
    if (r.exit_status == 0 && !r.out.empty()) return true;
    if (!deadline.sleep_until(deadline.clock().now_ns() + seconds_to_ns(opt_.exit_poll_s)))
      return false;
  }
}

void FioWorkload::stop_fio(const std::string& name, const Deadline& deadline) {
  try {
    remote_.run(sh_script(kStop, {opt_.work_dir, name}), deadline);
  } catch (const Error&) {
    // Best effort: fio ends by itself after its runtime anyway.
  }
}

FioWorkload::RunResult FioWorkload::collect(const std::string& name, const Deadline& deadline) {
  RunResult r;
  auto rc = remote_.run(sh_script(kReadRc, {opt_.work_dir, name}), deadline);
  if (rc.exit_status == 0) {
    std::string_view s = rc.out;
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
    int v = -1;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc() && p == s.data() + s.size()) r.exit_status = v;
  }
  r.stderr_text = remote_.get_file(path(name + ".stderr"), deadline);
  r.messages = parse_fio_messages(r.stderr_text);
  // A file that cannot be fetched is the lab's failure (thrown); one fio left without a result
  // (killed, or it never got to run the job) is reported by the caller.
  const std::string json = remote_.get_file(path(name + ".json"), deadline);
  try {
    r.result = parse_fio_json(json);
  } catch (const LabError& e) {
    r.json_error = e.what();
  }
  return r;
}

void FioWorkload::record_load(History& history, const RunResult& r, const Deadline& deadline) {
  const HistoryHeader anchor = history.header();
  const std::string& node = opt_.node;

  // Per-I/O completions, job by job (the History sorts by time).
  std::set<std::string> present;
  {
    auto ls = remote_.check(sh_script(kListLogs, {opt_.work_dir}), deadline);
    std::string_view out = ls.out;
    while (!out.empty()) {
      auto nl = out.find('\n');
      auto l = out.substr(0, nl);
      if (!l.empty()) present.emplace(l);
      out.remove_prefix(nl == std::string_view::npos ? out.size() : nl + 1);
    }
  }
  std::uint64_t samples = 0, malformed = 0;
  std::string first_malformed;
  std::vector<std::string> missing;
  for (int job = 1; job <= layout_.numjobs; ++job) {
    const std::string file = fmt::format("io_lat.{}.log", job);
    if (!present.count(file)) {
      missing.push_back(file);
      continue;
    }
    const std::string text = remote_.get_file(path(file), deadline);
    FioLogParser parser([&](const FioLogSample& s) {
      written_.apply(s);
      const std::int64_t guest_ns = s.time_ms * kNsPerMs + kFioLogStampMidpointNs;
      history.add(to_host(guest_ns, anchor), EventKind::io, node, std::string(fio_ddir_name(s.ddir)),
                  {{"lat_ns", s.value},
                   {"bytes", s.bs},
                   {"offset", s.offset},
                   {"error", 0}});
    });
    parser.feed(text);
    parser.finish();
    samples += parser.samples();
    malformed += parser.malformed();
    if (first_malformed.empty()) first_malformed = parser.first_malformed();
  }

  // Failed I/Os, from the stamped stderr.
  const std::int64_t now = deadline.clock().now_ns();
  for (const auto& e : r.messages.io_errors) {
    const std::int64_t t = e.guest_realtime_ns ? to_host(e.guest_realtime_ns, anchor) : now;
    history.add(t, EventKind::io, node, e.ddir,
                {{"bytes", e.length}, {"offset", e.offset}, {"error", e.error == 0 ? -1 : e.error}});
  }

  const auto& vf = r.messages.verify_failures;
  const auto verify_reports = static_cast<std::int64_t>(vf.size());
  const auto verify_blocks = static_cast<std::int64_t>(distinct_verify_blocks(r.messages));
  if (spec_.verify != "none") {
    std::vector<std::string> msgs;
    for (const auto& f : vf) msgs.push_back(f.message);
    history.add(now, EventKind::verify, node, "fio_verify",
                {{"errors", verify_blocks},
                 {"reports", verify_reports},
                 {"verify", spec_.verify},
                 {"detail", vf.empty() ? fmt::format("verify_backlog={}: no verify failure reported",
                                                     opt_.verify_backlog)
                                       : join_first(msgs, 5)}});
  }

  // I/O errors: fio's total_err also counts verify failures (some of them), the stderr lines
  // count every dumped I/O error; take the larger so neither source can hide errors.
  const std::int64_t err_lines = static_cast<std::int64_t>(r.messages.io_errors.size());
  const std::int64_t total_err = r.result ? r.result->total_err() : 0;
  const std::int64_t io_errors = std::max(err_lines, total_err - verify_reports);
  nlohmann::json summary = {
      {"ios", r.result ? r.result->ios() : static_cast<std::int64_t>(samples) + err_lines},
      {"io_errors", io_errors},
      {"logged_ios", samples},
      {"error_messages", err_lines},
      {"verify_errors", verify_blocks},
      {"fio_exit", r.exit_status},
      {"jobs", layout_.numjobs},
      {"device", opt_.device},
      {"written_bytes", written_.bytes()},
  };
  if (r.result) {
    summary["bytes"] = r.result->bytes();
    summary["fio_total_err"] = total_err;
    summary["fio_error"] = r.result->first_job_error();
    summary["fio_version"] = r.result->version;
    std::int64_t lat_max = 0, runtime_ms = 0;
    for (const auto& j : r.result->jobs) {
      lat_max = std::max({lat_max, j.read.lat_max_ns, j.write.lat_max_ns, j.trim.lat_max_ns});
      runtime_ms = std::max(runtime_ms, j.job_runtime_ms);
    }
    summary["lat_max_ns"] = lat_max;
    summary["runtime_ms"] = runtime_ms;
  } else {
    summary["json_error"] = r.json_error;
  }
  if (malformed) {
    summary["log_malformed_lines"] = malformed;
    summary["log_first_malformed"] = first_malformed;
  }
  if (!missing.empty()) summary["missing_logs"] = missing;
  if (offset_) summary["clock_bound_ns"] = offset_->bound_ns;
  if (!r.messages.other.empty()) summary["messages"] = join_first(r.messages.other, 5);
  history.add(now, EventKind::verify, node, "io_summary", std::move(summary));
  collected_ = true;
  try {
    remote_.run(sh_script(kRemoveLogs, {opt_.work_dir}), deadline);  // tens of MB per run
  } catch (const Error&) {
    // Best effort: the guest's overlay goes with the lab.
  }
}

void FioWorkload::finish(History& history, const Deadline& deadline) {
  if (!started_) throw LabError(remote_.node() + ": fio workload finished before it started");
  if (collected_) return;
  const std::int64_t runtime_end = launched_ns_ + layout_.runtime_ms * kNsPerMs;
  if (wait_for_exit("load", runtime_end, deadline)) {
    auto r = collect("load", deadline);
    record_load(history, r, deadline);
    if (!r.result)
      throw LabError(fmt::format("{}: fio on {} left no result (exit {}): {}; {}", remote_.node(),
                                 opt_.device, r.exit_status, r.json_error,
                                 tail_lines(r.stderr_text, 5)));
    return;
  }
  // Past the deadline (or stopped): fio is told to end; it writes its logs and JSON on SIGTERM.
  Deadline grace = Deadline::after(deadline.clock(), opt_.stop_grace_s);
  stop_fio("load", grace);
  if (deadline.stop_requested())
    throw Interrupted(fmt::format("{}: waiting for fio: interrupted (fio stopped)", remote_.node()));
  bool ended = wait_for_exit("load", 0, grace);
  if (ended) {
    Deadline late = Deadline::after(deadline.clock(), opt_.collect_s);
    auto r = collect("load", late);
    record_load(history, r, late);
  }
  throw TimeoutError(fmt::format(
      "{}: fio on {} had not ended by the deadline (runtime {} ms); sent SIGTERM{}", remote_.node(),
      opt_.device, layout_.runtime_ms,
      ended ? ", results up to then recorded" : " and it did not end either"));
}

void FioWorkload::readback_verify(History& history, const Deadline& deadline) {
  const std::string& node = opt_.node;
  if (!collected_)
    throw LabError(fmt::format("{}: readback verify without the load's results (finish() did not "
                               "complete)",
                               remote_.node()));
  if (!fio_rw_writes(spec_.rw) || written_.blocks() == 0) {
    history.add(deadline.clock().now_ns(), EventKind::verify, node, "readback",
                {{"ok", true}, {"bytes", 0}, {"errors", 0}, {"blocks", 0},
                 {"detail", fio_rw_writes(spec_.rw) ? "no write completed: nothing to read back"
                                                    : "rw=" + spec_.rw + " writes nothing"}});
    return;
  }
  FioJobOptions o;
  o.filename = opt_.device;
  o.ioengine = opt_.ioengine;
  o.direct = opt_.direct;
  const std::int64_t began_ns = deadline.clock().now_ns();
  const auto extents = written_.extents(std::max<std::uint64_t>(layout_.bs, 1024 * 1024));
  const std::string iolog = render_fio_iolog(opt_.device, extents),
                    job = render_fio_readback_job(spec_, o, path("readback.iolog"));
  remote_.put_files({{path("readback.iolog"), iolog, 0644}, {path("readback.fio"), job, 0644}},
                    deadline);
  launch("readback", {"--output-format=json", "--output=readback.json", "readback.fio"}, deadline);
  if (!wait_for_exit("readback", 0, deadline)) {
    stop_fio("readback", Deadline::after(deadline.clock(), 10));
    deadline.check(fmt::format("{}: readback verify", remote_.node()));
    throw TimeoutError(fmt::format("{}: readback verify of {} bytes did not end by the deadline",
                                   remote_.node(), written_.bytes()));
  }
  auto r = collect("readback", deadline);
  if (!r.result)
    throw LabError(fmt::format("{}: readback fio on {} gave no result (exit {}): {}; {}",
                               remote_.node(), opt_.device, r.exit_status, r.json_error,
                               tail_lines(r.stderr_text, 5)));
  std::int64_t read_bytes = 0, fio_ms = 0;
  for (const auto& j : r.result->jobs) {
    read_bytes += j.read.io_bytes;
    fio_ms = std::max(fio_ms, j.job_runtime_ms);
  }
  const auto expected = static_cast<std::int64_t>(written_.bytes());
  // Bad blocks, each once: the padding reads at the end of the iolog re-read (and re-report)
  // the first extents. An error fio counted but no message explained still counts.
  std::int64_t errors = static_cast<std::int64_t>(distinct_verify_blocks(r.messages) +
                                                  distinct_error_blocks(r.messages));
  if (errors == 0) errors = r.result->total_err();
  const bool complete = read_bytes >= expected;
  const bool ok = r.exit_status == 0 && errors == 0 && complete;
  std::vector<std::string> details;
  std::set<std::uint64_t> shown;
  for (const auto& f : r.messages.verify_failures)
    if (shown.insert(f.offset).second) details.push_back(f.message);
  for (const auto& e : r.messages.io_errors)
    details.push_back(fmt::format("{} error {} at offset {}", e.ddir, e.error, e.offset));
  std::string detail;
  if (ok) {
    detail = spec_.verify == "none"
                 ? fmt::format("{} blocks read back without a content check (verify=none)",
                               written_.blocks())
                 : fmt::format("{} blocks verified ({})", written_.blocks(), spec_.verify);
  } else {
    detail = join_first(details, 5);
    if (!complete)
      detail += fmt::format("{}read {} of {} bytes", detail.empty() ? "" : "\n", read_bytes, expected);
    if (r.exit_status != 0)
      detail += fmt::format("{}fio exit {}: {}", detail.empty() ? "" : "\n", r.exit_status,
                            tail_lines(r.stderr_text, 3));
  }
  history.add(deadline.clock().now_ns(), EventKind::verify, node, "readback",
              {{"ok", ok},
               {"bytes", std::min(read_bytes, expected)},
               {"errors", errors},
               {"blocks", written_.blocks()},
               {"verify", spec_.verify},
               {"extents", extents.size()},
               {"fio_runtime_s", fio_ms / 1000.0},
               {"duration_s", ns_to_seconds(deadline.clock().now_ns() - began_ns)},
               {"detail", detail}});
}

}  // namespace harness
