// The ledger report as a CheckResult: verdict, summary line, metrics, evidence.
#include <fmt/format.h>

#include "harness/checks/ledger_check.hpp"

namespace harness {
namespace {

using ledger::kNever;
using nlohmann::json;

std::string secs(const ledger::Ledger& l, std::int64_t t_ns) {
  return fmt::format("{:.3f} s", static_cast<double>(t_ns - l.start_ns) / 1e9);
}

std::string found_text(const LedgerFinding& f) {
  switch (f.found) {
    case ledger::BlockState::ok: return fmt::format("write {}", f.found_seq);
    case ledger::BlockState::torn: return fmt::format("a torn block claiming write {}", f.found_seq);
    case ledger::BlockState::misplaced: return fmt::format("write {} of another block", f.found_seq);
    default: return ledger::to_string(f.found);
  }
}

// "block 17 (LBA 17) on multipath: write 812 acknowledged at 15.203 s, found write 501"
std::string finding_text(const ledger::Ledger& l, const LedgerFinding& f) {
  std::string s = fmt::format("block {} (LBA {}) on {}", f.block, f.lba, f.view);
  if (f.kind == LedgerFindingKind::divergent) return s + ": " + f.detail;
  if (f.expected_seq)
    s += fmt::format(": write {} acknowledged at {}, found {}", *f.expected_seq,
                     secs(l, f.expected_ack_ns), found_text(f));
  else
    s += fmt::format(": nothing acknowledged, found {}", found_text(f));
  if (!f.detail.empty()) s += " (" + f.detail + ")";
  return s;
}

const char* kind_phrase(LedgerFindingKind k) {
  switch (k) {
    case LedgerFindingKind::lost: return "acknowledged writes lost";
    case LedgerFindingKind::stale: return "stale blocks (a path or peer older than acknowledged)";
    case LedgerFindingKind::torn: return "torn blocks (checksum wrong)";
    case LedgerFindingKind::misplaced: return "misplaced blocks (another LBA's write)";
    case LedgerFindingKind::unexplained: return "blocks holding a version the log lacks";
    case LedgerFindingKind::divergent: return "blocks differing between the DRBD peers";
    case LedgerFindingKind::unreadable: return "unreadable blocks on the device";
    case LedgerFindingKind::count_: break;
  }
  return "";
}

std::string views_text(const ledger::Ledger& l) {
  int device = 0, path = 0, peer = 0;
  for (const auto& v : l.views)
    ++(v.role == ledger::ViewRole::device ? device : v.role == ledger::ViewRole::path ? path : peer);
  return fmt::format("{} blocks read back through {} device, {} path group and {} peer view(s)",
                     l.region_blocks, device, path, peer);
}

}  // namespace

CheckResult ledger_check_result(const ledger::Ledger& l, const LedgerReport& r,
                                const LedgerCheckOptions& o) {
  CheckResult c;
  c.name = "ledger";
  json findings = json::object();
  for (std::size_t k = 0; k < kLedgerFindingKinds; ++k)
    findings[to_string(static_cast<LedgerFindingKind>(k))] = r.findings[k];
  c.metrics = {
      {"writes", r.writes},
      {"acknowledged", r.acknowledged},
      {"in_flight", r.in_flight},
      {"failed", r.failed},
      {"failed_writes_max", o.failed_writes_max},
      {"in_flight_present", r.in_flight_present},
      {"in_flight_absent", r.in_flight_absent},
      {"failed_present", r.failed_present},
      {"failed_absent", r.failed_absent},
      {"missed_slots", l.missed.total()},
      {"missed_in_flight_bound", l.missed.in_flight_bound},
      {"missed_block_busy", l.missed.block_busy},
      {"missed_late", l.missed.late},
      {"missed_submit_error", l.missed.submit_error},
      {"findings", findings},
      {"unreadable_on_paths_and_peers", r.unreadable_elsewhere},
      {"region_blocks", l.region_blocks},
      {"views", l.views.size()},
      {"log_complete", l.end_ns != kNever},
      {"stall_threshold_s", static_cast<double>(o.stall_threshold_ns) / 1e9},
      {"stall_start_ns", r.stall ? json(r.stall->submit_ns) : json()},
      {"stall_write_latency_s",
       r.stall && r.stall->complete_ns != kNever
           ? json(static_cast<double>(r.stall->complete_ns - r.stall->submit_ns) / 1e9)
           : json()},
  };

  for (const auto& f : r.examples) {
    json data = {{"view", f.view}, {"block", f.block}, {"lba", f.lba},
                 {"found", ledger::to_string(f.found)}, {"found_write", f.found_seq}};
    if (f.expected_seq) data["acknowledged_write"] = *f.expected_seq;
    if (!f.detail.empty()) data["detail"] = f.detail;
    c.evidence.push_back({{"t_ns", f.expected_seq ? f.expected_ack_ns : l.start_ns},
                          {"kind", "verify"},
                          {"what", std::string("ledger_") + to_string(f.kind)},
                          {"node", ""},
                          {"data", data}});
  }
  for (std::uint64_t s : r.failed_examples) {
    const auto& w = l.writes[static_cast<std::size_t>(s)];
    c.evidence.push_back({{"t_ns", w.complete_ns},
                          {"kind", "verify"},
                          {"what", "ledger_failed_write"},
                          {"node", ""},
                          {"data", {{"write", s}, {"block", w.block}, {"result", w.result},
                                    {"submitted_ns", w.submit_ns}}}});
  }

  std::vector<std::string> failures;
  for (std::size_t k = 0; k < kLedgerFindingKinds; ++k) {
    if (r.findings[k] == 0) continue;
    const auto kind = static_cast<LedgerFindingKind>(k);
    std::string first;
    for (const auto& f : r.examples)
      if (f.kind == kind) {
        first = finding_text(l, f);
        break;
      }
    failures.push_back(fmt::format("{} {}, e.g. {}", r.findings[k], kind_phrase(kind), first));
  }
  if (static_cast<std::int64_t>(r.failed) > o.failed_writes_max) {
    const auto& w = l.writes[static_cast<std::size_t>(r.failed_examples.front())];
    failures.push_back(fmt::format(
        "{} writes failed with an error, at most {} allowed (first: write {} to block {}, "
        "submitted at {}, result {})",
        r.failed, o.failed_writes_max, r.failed_examples.front(), w.block, secs(l, w.submit_ns),
        w.result));
  }

  const std::string counts = fmt::format(
      "{} writes acknowledged, {} in flight at the end ({} present, {} absent), {} failed "
      "({} present), {} slots missed",
      r.acknowledged, r.in_flight, r.in_flight_present, r.in_flight_absent, r.failed,
      r.failed_present, l.missed.total());
  const std::string stall =
      !r.stall ? fmt::format("no write took longer than {:.3f} s", o.stall_threshold_ns / 1e9)
      : r.stall->complete_ns == kNever
          ? fmt::format("stall from {} (write {} never completed)", secs(l, r.stall->submit_ns),
                        r.stall->seq)
          : fmt::format("stall from {} (write {} took {:.3f} s)", secs(l, r.stall->submit_ns),
                        r.stall->seq, (r.stall->complete_ns - r.stall->submit_ns) / 1e9);
  std::string problems;
  for (const auto& p : r.problems) problems += (problems.empty() ? "" : "; ") + p;

  if (!failures.empty()) {
    c.verdict = Verdict::fail;
    c.summary = "";
    for (const auto& f : failures) c.summary += (c.summary.empty() ? "" : "; ") + f;
    c.summary += "; " + counts;
  } else if (!r.problems.empty()) {
    c.verdict = Verdict::unknown;
    c.summary = "cannot judge the ledger in full: " + problems + "; " + counts;
  } else {
    c.verdict = Verdict::pass;
    c.summary = fmt::format("{}; {}: no acknowledged write lost, no torn, stale or divergent "
                            "block; {}",
                            counts, views_text(l), stall);
  }
  if (l.end_ns == kNever) c.summary += "; the log stops short (the writer did not end)";
  return c;
}

}  // namespace harness
