// `harness ledger check`: the ledger check on files fetched by hand from a lab (the write log
// and read-back listings of harness-ledger, docs/LEDGER.md), before the workload runs it itself.
#include <iostream>

#include <fmt/format.h>

#include "harness/checks/ledger_check.hpp"
#include "harness/cli/cli_context.hpp"
#include "harness/cli/ledger_files.hpp"
#include "harness/core/errors.hpp"

namespace harness {
namespace {

struct LedgerCheckArgs {
  std::string log;
  std::vector<std::string> device, path, peer;
  double stall_threshold_s = 1.0;
  std::int64_t failed_max = 0;
  bool json = false;
};

int ledger_check(const LedgerCheckArgs& a, bool quiet) {
  std::vector<LedgerViewFile> views;
  auto add = [&](const std::vector<std::string>& files, ledger::ViewRole role) {
    for (const auto& f : files) views.push_back({f, role, ""});
  };
  add(a.device, ledger::ViewRole::device);
  add(a.path, ledger::ViewRole::path);
  add(a.peer, ledger::ViewRole::peer);
  const ledger::Ledger l = load_ledger_files(a.log, views);
  LedgerCheckOptions o;
  o.stall_threshold_ns = static_cast<std::int64_t>(a.stall_threshold_s * 1e9);
  o.failed_writes_max = a.failed_max;
  const CheckResult c = ledger_check_result(l, check_ledger(l, o), o);
  if (a.json) {
    nlohmann::json j;
    to_json(j, c);
    std::cout << j.dump(2) << '\n';
  } else if (!quiet) {
    std::cout << fmt::format("{:<12} {:<7} {}\n", c.name, to_string(c.verdict), c.summary);
    for (const auto& e : c.evidence)
      std::cout << fmt::format("  {} {}\n", e["what"].get<std::string>(), e["data"].dump());
  }
  return c.verdict == Verdict::pass ? 0 : static_cast<int>(ExitCode::check_failed);
}

}  // namespace

void add_ledger_commands(CLI::App& app, CliContext& ctx) {
  auto* ledger = app.add_subcommand("ledger", "The acknowledged-write ledger (docs/LEDGER.md)");
  ledger->require_subcommand(1);
  auto args = std::make_shared<LedgerCheckArgs>();
  auto* check = ledger->add_subcommand(
      "check",
      "Judge a harness-ledger write log against read-back listings (exit 0 pass, 1 fail or "
      "cannot judge, 2 unreadable input)");
  check->add_option("--log", args->log, "The write log (harness-ledger --log)")->required();
  check->add_option("--device", args->device,
                    "Listing read through the device the load wrote to (repeatable)");
  check->add_option("--path", args->path, "Listing read through one path group (repeatable)");
  check->add_option("--peer", args->peer,
                    "Listing read from one DRBD peer's backing device (repeatable)");
  check->add_option("--stall-threshold", args->stall_threshold_s,
                    "Seconds: the first write slower than this starts the stall")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  check->add_option("--failed-max", args->failed_max, "Failed writes allowed")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  check->add_flag("--json", args->json, "Print the check result as JSON");
  check->callback([args, &ctx] {
    ctx.action = [args, &ctx] {
      try {
        return ledger_check(*args, ctx.quiet);
      } catch (const LabError& e) {  // a malformed file is bad input here, not a lab failure
        throw UsageError(e.what());
      }
    };
  });
}

}  // namespace harness
