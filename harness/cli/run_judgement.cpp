#include "harness/cli/run_judgement.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "harness/checks/checker.hpp"
#include "harness/checks/ledger_check.hpp"
#include "harness/cli/ledger_files.hpp"
#include "harness/core/units.hpp"

namespace harness {
namespace {

ledger::ViewRole role_of(const std::string& s) {
  if (s == "path") return ledger::ViewRole::path;
  if (s == "peer") return ledger::ViewRole::peer;
  return ledger::ViewRole::device;
}

// Moves every time of the ledger by `delta` (the log's clock to the host's).
void shift(ledger::Ledger& l, std::int64_t delta) {
  auto move = [delta](std::int64_t& t) {
    if (t != ledger::kNever) t += delta;
  };
  move(l.start_ns);
  move(l.end_ns);
  for (auto& w : l.writes) {
    move(w.submit_ns);
    move(w.complete_ns);
  }
}

}  // namespace

std::optional<CheckResult> judge_ledger(const Expect& expect, const History& history,
                                        const std::filesystem::path& run_dir) {
  const Event* log = nullptr;
  std::vector<const Event*> readbacks;
  const std::vector<Event> events = history.events();
  for (const auto& e : events) {
    if (e.kind != EventKind::verify) continue;
    if (e.what == "ledger_log") log = &e;
    if (e.what == "ledger_readback") readbacks.push_back(&e);
  }
  if (!log) return std::nullopt;
  CheckResult r;
  r.name = "ledger";
  try {
    std::vector<LedgerViewFile> views;
    std::vector<std::string> unread;
    for (const Event* e : readbacks) {
      const std::string name = e->data.value("name", e->node);
      if (!e->data.contains("file")) {
        unread.push_back(fmt::format("{}: {}", name, e->data.value("error", "no listing")));
        continue;
      }
      views.push_back({(run_dir / e->data["file"].get<std::string>()).string(),
                       role_of(e->data.value("role", "device")), name});
    }
    ledger::Ledger l =
        load_ledger_files((run_dir / log->data.at("file").get<std::string>()).string(), views);
    shift(l, log->data.value("mono_to_host_ns", std::int64_t{0}));
    LedgerCheckOptions o;
    o.stall_threshold_ns = seconds_to_ns(log->data.value("stall_threshold_s", 1.0));
    o.failed_writes_max = expect.io_errors_max;
    r = ledger_check_result(l, check_ledger(l, o), o);
    if (!unread.empty()) {
      r.summary += fmt::format("; not read back: {}", fmt::join(unread, "; "));
      r.metrics["views_unread"] = unread.size();
    }
  } catch (const std::exception& e) {
    r.verdict = Verdict::unknown;
    r.summary = std::string("cannot judge the ledger: ") + e.what();
  }
  return r;
}

std::vector<CheckResult> judge_run(const Scenario& scenario, const History& history,
                                   const std::filesystem::path& run_dir) {
  std::vector<CheckResult> results = run_checks(scenario.expect, history);
  if (auto l = judge_ledger(scenario.expect, history, run_dir)) results.push_back(std::move(*l));
  return results;
}

}  // namespace harness
