// `harness validate`, `harness list`, `harness tunables`, `harness faults`, `harness schema`:
// scenario files and their vocabulary, without a lab.
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "drivers/faults/fault_kinds.hpp"
#include "drivers/faults/load_scenario.hpp"
#include "harness/cli/cli_context.hpp"
#include "harness/cli/runnable_scenario.hpp"
#include "harness/cli/scenario_files.hpp"
#include "harness/core/data_dir.hpp"
#include "harness/core/errors.hpp"
#include "harness/scenario/scenario.hpp"
#include "harness/scenario/scenario_schema.hpp"
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
    if (!step.fault && !step.random) continue;
    if (!out.empty()) out += ",";
    if (step.fault) {
      out += step.fault->kind;
      continue;
    }
    std::string kinds;  // the kinds a random step draws from, each once
    for (const auto& t : step.random->faults)
      if (("|" + kinds + "|").find("|" + t.fault.kind + "|") == std::string::npos)
        kinds += (kinds.empty() ? "" : "|") + t.fault.kind;
    out += "random(" + kinds + ")";
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
          auto sc = load_runnable_scenario(path);
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
  auto as_json = std::make_shared<bool>(false);
  auto as_markdown = std::make_shared<bool>(false);
  tunables->add_flag("--json", *as_json, "The table as JSON (key, type, default, range, unit, doc)");
  tunables->add_flag("--markdown", *as_markdown, "The table as docs/SCENARIO-FORMAT.md shows it");
  tunables->callback([&ctx, as_json, as_markdown] {
    ctx.action = [as_json, as_markdown] {
      if (*as_json) std::cout << tunables_table().dump(2) << '\n';
      else if (*as_markdown) std::cout << tunables_markdown();
      else std::cout << tunables_help();
      return 0;
    };
  });

  auto* schema = app.add_subcommand(
      "schema",
      "Print a scenario JSON Schema with its tunables, lab and workload parts generated from the\n"
      "components' option tables and its step part from the fault kinds (default: the shipped\n"
      "scenarios/schema.json)");
  auto schema_file = std::make_shared<std::string>();
  schema->add_option("file", *schema_file, "The schema to regenerate");
  schema->callback([&ctx, schema_file] {
    ctx.action = [schema_file] {
      const std::string path = schema_file->empty()
                                   ? data_path("scenarios/schema.json").string()
                                   : *schema_file;
      std::ifstream in(path);
      if (!in) throw UsageError("cannot read " + path);
      const auto doc = nlohmann::json::parse(in, nullptr, false);
      if (doc.is_discarded()) throw UsageError(path + ": not JSON");
      auto generated = with_generated_schema_parts(doc);
      generated["$defs"]["step"] = step_schema(fault_step_rules());
      std::cout << generated.dump(2) << '\n';
      return 0;
    };
  });

  auto* faults = app.add_subcommand(
      "faults", "Print the fault kinds a step may name, with their targets and keys");
  auto step_only = std::make_shared<bool>(false);
  faults->add_flag("--schema", *step_only,
                   "Print instead the step part of the JSON Schema ($defs/step of "
                   "scenarios/schema.json; the build's update_schema target writes it there)");
  faults->callback([&ctx, step_only] {
    ctx.action = [step_only] {
      if (*step_only)
        std::cout << step_schema(fault_step_rules()).dump(2) << '\n';
      else
        std::cout << fault_kinds_help(fault_step_rules());
      return 0;
    };
  });
}

}  // namespace harness
