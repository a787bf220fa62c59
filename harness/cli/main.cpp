// harness: fault-injection and failover test harness for HA iSCSI storage.
#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>

#include "harness/cli/cli_context.hpp"
#include "harness/core/errors.hpp"

int main(int argc, char** argv) {
  using namespace harness;
  CliContext ctx;
  CLI::App app{
      "Fault-injection and failover test harness for highly available iSCSI storage.\n"
      "Stands up a two-node ALUA target cluster and a multipath initiator in libvirt VMs, runs\n"
      "fio, injects faults and judges path switch, data integrity and fencing.\n\n"
      "Exit status: 0 all passed, 1 a check failed, 2 usage or scenario error,\n"
      "3 lab or infrastructure error.",
      "harness"};
  app.set_version_flag("--version", HARNESS_VERSION);
  app.require_subcommand(1);
  app.fallthrough();  // global options may also follow the subcommand
  app.add_flag("-q,--quiet", ctx.quiet, "Print only verdicts and errors");
  app.add_option("--libvirt-uri", ctx.libvirt_uri,
                 "libvirt connection URI (default: the scenario's lab.uri, qemu:///system)");

  add_scenario_commands(app, ctx);
  add_run_command(app, ctx);
  add_report_command(app, ctx);
  add_compare_command(app, ctx);
  add_ledger_commands(app, ctx);
#ifdef HARNESS_WITH_LIBVIRT
  add_lab_commands(app, ctx);
#endif

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    // CLI11 answers --help/--version with 0; every real parse error is a usage error.
    return rc == 0 ? 0 : static_cast<int>(ExitCode::usage);
  }
  try {
    return ctx.action ? ctx.action() : ctx.exit_code;
  } catch (const Error& e) {
    std::cerr << "harness: " << e.what() << '\n';
    return static_cast<int>(e.exit_code());
  } catch (const std::exception& e) {
    std::cerr << "harness: internal error: " << e.what() << '\n';
    return static_cast<int>(ExitCode::infrastructure);
  }
}
