// `harness validate`, `harness list`, `harness tunables`: scenario files without a lab.
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "harness/cli/cli_context.hpp"
#include "harness/cli/runnable_scenario.hpp"
#include "harness/cli/scenario_files.hpp"
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
    if (!step.fault) continue;
    if (!out.empty()) out += ",";
    out += std::string(to_string(step.fault->type));
  }
  return out.empty() ? "-" : out;
}

}  // namespace

void add_scenario_commands(CLI::App& app, CliContext& ctx) {
  auto* validate = app.add_subcommand(
      "validate", "Check scenario files without starting anything (exit 2 on the first bad one)");
  auto files = std::make_shared<std::vector<std::string>>();
  validate->add_option("files", *files, "Scenario files or directories")->required();
  validate->callback([&ctx, files] {
    ctx.action = [&ctx, files] {
      int rc = 0;
      for (const auto& path : expand_scenario_paths(*files)) {
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
      std::vector<std::string> args = *dirs;
      if (args.empty()) args.push_back(std::string(HARNESS_SOURCE_DIR) + "/scenarios");
      int rc = 0;
      for (const auto& path : expand_scenario_paths(args)) {
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
      "components' option tables (default: the shipped scenarios/schema.json)");
  auto schema_file = std::make_shared<std::string>();
  schema->add_option("file", *schema_file, "The schema to regenerate");
  schema->callback([&ctx, schema_file] {
    ctx.action = [schema_file] {
      const std::string path = schema_file->empty()
                                   ? std::string(HARNESS_SOURCE_DIR) + "/scenarios/schema.json"
                                   : *schema_file;
      std::ifstream in(path);
      if (!in) throw UsageError("cannot read " + path);
      const auto doc = nlohmann::json::parse(in, nullptr, false);
      if (doc.is_discarded()) throw UsageError(path + ": not JSON");
      std::cout << with_generated_schema_parts(doc).dump(2) << '\n';
      return 0;
    };
  });
}

}  // namespace harness
