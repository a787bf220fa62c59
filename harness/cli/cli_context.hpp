#pragma once
// State shared by the subcommands: global options and the exit code the chosen one sets.
// Each subcommand lives in its own file and registers itself with add_*_commands().
#include <functional>
#include <string>

#include <CLI/CLI.hpp>

namespace harness {

struct CliContext {
  bool quiet = false;
  std::string libvirt_uri;     // --libvirt-uri, empty: the scenario's or qemu:///system
  int exit_code = 0;
  // The chosen subcommand's body; main() runs it inside the error-to-exit-code mapping.
  std::function<int()> action;
};

void add_scenario_commands(CLI::App& app, CliContext& ctx);  // validate, list, tunables
void add_run_command(CLI::App& app, CliContext& ctx);        // run
void add_report_command(CLI::App& app, CliContext& ctx);     // report
void add_compare_command(CLI::App& app, CliContext& ctx);    // compare
void add_lab_commands(CLI::App& app, CliContext& ctx);       // lab, image, cleanup
void add_ledger_commands(CLI::App& app, CliContext& ctx);    // ledger check

}  // namespace harness
