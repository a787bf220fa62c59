#include "harness/checks/integrity.hpp"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "harness/checks/history_view.hpp"

namespace harness {
namespace {

using checks::get_bool;
using checks::get_int;
using nlohmann::json;

// Evidence of one verify kind, split by whether it came after the last heal: results taken
// before the fault was healed say nothing about the state the system recovered to.
struct VerifyEvidence {
  std::vector<std::size_t> after_heal;
  std::vector<std::size_t> before_heal;
};

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
  return out;
}

}  // namespace

CheckResult IntegrityChecker::check(const History& history) const {
  const checks::HistoryView v(history);
  const auto& io = v.io();
  CheckResult r;
  r.name = name();
  checks::Evidence ev;

  // Fault-free scenarios have no heal: then every verify result counts.
  std::optional<std::int64_t> last_heal;
  std::optional<std::size_t> last_heal_idx;
  std::int64_t summary_errors = 0, summary_ios = 0, fio_verify_errors = 0;
  bool have_summary = false, have_fio_verify = false;
  std::vector<std::size_t> summaries, fio_verifies;
  for (std::size_t i : v.others()) {
    const Event& e = v.at(i);
    if (e.kind == EventKind::heal) {
      last_heal = e.t_ns;
      last_heal_idx = i;
    }
    if (e.kind != EventKind::verify) continue;
    if (e.what == "io_summary") {
      // One per workload run, totals over its jobs: runs add up.
      have_summary = true;
      summary_errors += get_int(e.data, "io_errors", 0);
      summary_ios += get_int(e.data, "ios", 0);
      summaries.push_back(i);
    } else if (e.what == "fio_verify") {
      have_fio_verify = true;
      fio_verify_errors += get_int(e.data, "errors", 0);
      fio_verifies.push_back(i);
    }
  }
  VerifyEvidence readback, drbd;
  for (std::size_t i : v.others()) {
    const Event& e = v.at(i);
    if (e.kind != EventKind::verify) continue;
    VerifyEvidence* into = e.what == "readback" ? &readback : e.what == "drbd_verify" ? &drbd : nullptr;
    if (!into) continue;
    (last_heal && e.t_ns < *last_heal ? into->before_heal : into->after_heal).push_back(i);
  }

  // I/O errors: the per-I/O events and fio's own totals describe the same errors, so the larger
  // count is taken (adding them would count each error twice; either alone can miss some).
  const auto error_events = static_cast<std::int64_t>(io.err_idx.size());
  const std::int64_t io_errors = std::max(error_events, summary_errors);

  bool readback_ok = true;
  std::int64_t readback_errors = 0, readback_bytes = 0;
  for (std::size_t i : readback.after_heal) {
    const Event& e = v.at(i);
    readback_errors += get_int(e.data, "errors", 0);
    readback_bytes += get_int(e.data, "bytes", 0);
    if (get_bool(e.data, "ok") != true || get_int(e.data, "errors", 0) > 0) readback_ok = false;
  }
  bool drbd_ok = true;
  std::int64_t out_of_sync_kib = 0;
  auto drbd_nodes = json::array();
  std::vector<std::string> split_brain;  // nodes where DRBD refused the peer after the heal
  for (std::size_t i : drbd.after_heal) {
    const Event& e = v.at(i);
    const std::int64_t oos = get_int(e.data, "out_of_sync_kib", 0);
    out_of_sync_kib = std::max(out_of_sync_kib, oos);
    if (get_bool(e.data, "ok") != true || oos > 0) drbd_ok = false;
    if (get_bool(e.data, "split_brain") == true) split_brain.push_back(e.node);
    drbd_nodes.push_back(e.node);
  }

  r.metrics = {
      {"integrity", mode_},
      {"io_errors", io_errors},
      {"io_errors_max", io_errors_max_},
      {"io_error_events", error_events},
      {"io_summary_errors", have_summary ? json(summary_errors) : json()},
      {"io_summary_ios", have_summary ? json(summary_ios) : json()},
      {"ios_ok", io.ok_t.size()},
      {"fio_verify_errors", have_fio_verify ? json(fio_verify_errors) : json()},
      {"readback_ok", readback.after_heal.empty() ? json() : json(readback_ok)},
      {"readback_errors", readback.after_heal.empty() ? json() : json(readback_errors)},
      {"readback_bytes", readback.after_heal.empty() ? json() : json(readback_bytes)},
      {"drbd_verify_ok", drbd.after_heal.empty() ? json() : json(drbd_ok)},
      {"out_of_sync_kib", drbd.after_heal.empty() ? json() : json(out_of_sync_kib)},
      {"drbd_verify_nodes", drbd_nodes},
      {"drbd_split_brain", drbd.after_heal.empty() ? json() : json(!split_brain.empty())},
  };

  // Evidence: the verdict-bearing results first, then a few of the errored I/Os.
  for (std::size_t i : readback.after_heal) ev.add(i);
  for (std::size_t i : drbd.after_heal) ev.add(i);
  for (std::size_t i : fio_verifies) ev.add(i);
  for (std::size_t i : summaries) ev.add(i);
  ev.add(last_heal_idx);
  for (std::size_t k = 0; k < io.err_idx.size() && k < 5; ++k) ev.add(io.err_idx[k]);
  for (std::size_t i : readback.before_heal) ev.add(i);
  for (std::size_t i : drbd.before_heal) ev.add(i);
  r.evidence = ev.to_json(v);

  std::vector<std::string> failures, missing;
  if (io_errors > io_errors_max_)
    failures.push_back(fmt::format("{} I/O errors seen by the workload, at most {} allowed "
                                   "({} errored I/O events, fio summary {})",
                                   io_errors, io_errors_max_, error_events,
                                   have_summary ? std::to_string(summary_errors) : "absent"));
  if (io.total == 0 && !have_summary) missing.push_back("no workload I/O recorded");

  if (mode_ != "any") {
    if (fio_verify_errors > 0)
      failures.push_back(fmt::format("fio verify reported {} errors", fio_verify_errors));
    if (!readback.after_heal.empty() && !readback_ok)
      failures.push_back(fmt::format("read-back verify after the heal failed ({} errors)",
                                     readback_errors));
    if (!split_brain.empty())
      failures.push_back(fmt::format("DRBD split brain: the peers' data diverged, DRBD refused to "
                                     "reconnect after the heal (StandAlone on {})",
                                     fmt::join(split_brain, ", ")));
    else if (!drbd.after_heal.empty() && !drbd_ok)
      failures.push_back(fmt::format("DRBD online verify found the peers different "
                                     "({} KiB out of sync)", out_of_sync_kib));
    auto absent = [&](const VerifyEvidence& x, const char* what) {
      if (!x.after_heal.empty()) return;
      missing.push_back(x.before_heal.empty()
                            ? fmt::format("no {} result recorded", what)
                            : fmt::format("{} ran only before the last heal", what));
    };
    absent(readback, "read-back verify");
    absent(drbd, "DRBD online verify");
  }

  if (!failures.empty()) {
    r.verdict = Verdict::fail;
    r.summary = join(failures);
  } else if (!missing.empty()) {
    r.verdict = Verdict::unknown;
    r.summary = "cannot judge integrity: " + join(missing);
  } else {
    r.verdict = Verdict::pass;
    r.summary = mode_ == "any"
                    ? fmt::format("{} I/O errors (at most {} allowed); integrity not required",
                                  io_errors, io_errors_max_)
                    : fmt::format("{} I/O errors (at most {}), no fio verify errors, read-back "
                                  "ok ({} bytes), DRBD peers identical",
                                  io_errors, io_errors_max_, readback_bytes);
  }
  return r;
}

}  // namespace harness
