// `harness validate`, `harness list`, `harness tunables`, `harness faults`: scenario files and
// their vocabulary, without a lab.
#include <iostream>

#include <fmt/format.h>

#include "drivers/faults/fault_kinds.hpp"
#include "drivers/faults/load_scenario.hpp"
#include "harness/cli/cli_context.hpp"
#include "harness/cli/scenario_files.hpp"
#include "harness/core/errors.hpp"
#include "harness/scenario/scenario.hpp"
#include "harness/scenario/tunables.hpp"

namespace harness {

namespace {

std::string first_line(const std::string& s) {
  auto nl = s.find('\n');
  return nl == std::string::npos ? s : s.substr(0, nl);
}

std::string fault_summary(const Scenario& sc) {
  std::string out;
  for (const auto& step : sc.steps) {
    if (!step.fault) continue;
    if (!out.empty()) out += ",";
    out += step.fault->kind;
  }
  return out.empty() ? "-" : out;
}

}  // namespace

void add_scenario_commands(CLI::App& app, CliContext& ctx) {
  auto* validate = app.add_subcommand(
      "validate", "Check scenario files without starting anything (exit 2 on the first bad one)");
  auto files = std::make_shared<std::vector<std::string>>();
  validate->add_option("files", *files,
                       "Scenario files or directories (default: the shipped catalogue)");
  validate->callback([&ctx, files] {
    ctx.action = [&ctx, files] {
      int rc = 0;
      for (const auto& path : expand_scenario_paths(or_shipped_catalogue(*files))) {
        try {
          auto sc = load_scenario(path);
          if (!ctx.quiet)
            std::cout << fmt::format("ok  {}  ({}: {} steps, faults {})\n", path.string(), sc.name,
                                     sc.steps.size(), fault_summary(sc));
        } catch (const ScenarioError& e) {
          std::cerr << e.what() << '\n';
          rc = static_cast<int>(ExitCode::usage);
        }
      }
      return rc;
    };
  });

  auto* list = app.add_subcommand("list", "List the scenarios of a catalogue directory");
  auto dirs = std::make_shared<std::vector<std::string>>();
  list->add_option("dirs", *dirs, "Directories or files (default: the shipped scenarios/)");
  list->callback([&ctx, dirs] {
    ctx.action = [dirs] {
      int rc = 0;
      for (const auto& path : expand_scenario_paths(or_shipped_catalogue(*dirs))) {
        try {
          auto sc = load_scenario(path);
          std::cout << fmt::format("{:<34} {:<28} {}\n", sc.name, fault_summary(sc),
                                   first_line(sc.description));
        } catch (const ScenarioError& e) {
          std::cerr << e.what() << '\n';
          rc = static_cast<int>(ExitCode::usage);
        }
      }
      return rc;
    };
  });

  auto* tunables = app.add_subcommand(
      "tunables", "Print the tunables of the system under test with their defaults and ranges");
  tunables->callback([&ctx] {
    ctx.action = [] {
      std::cout << tunables_help();
      return 0;
    };
  });

  auto* faults = app.add_subcommand(
      "faults", "Print the fault kinds a step may name, with their targets and keys");
  auto schema = std::make_shared<bool>(false);
  faults->add_flag("--schema", *schema,
                   "Print instead the step part of the JSON Schema ($defs/step of "
                   "scenarios/schema.json; the build's update_schema target writes it there)");
  faults->callback([&ctx, schema] {
    ctx.action = [schema] {
      if (*schema)
        std::cout << step_schema(fault_step_rules()).dump(2) << '\n';
      else
        std::cout << fault_kinds_help(fault_step_rules());
      return 0;
    };
  });
}

}  // namespace harness
