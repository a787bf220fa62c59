#include "harness/cli/runnable_scenario.hpp"

#include <sstream>

#include "drivers/faults/load_scenario.hpp"
#include "drivers/fio/fio_job.hpp"
#include "drivers/sut/alua_cluster.hpp"
#include "harness/core/errors.hpp"

namespace harness {

void check_runnable(const Scenario& scenario) {
  try {
    AluaCluster::check_tunables(scenario.tunables, scenario.lab);
    (void)fio_layout(scenario.workload);
  } catch (const ScenarioError& e) {
    // The drivers know pointers, not files: name the file on every line, as the parser does.
    std::istringstream lines(e.what());
    std::string message;
    for (std::string line; std::getline(lines, line);)
      message += (message.empty() ? "" : "\n") + scenario.file.string() + ": " + line;
    throw ScenarioError(message);
  }
}

Scenario load_runnable_scenario(const std::filesystem::path& file) {
  Scenario sc = load_scenario(file);
  check_runnable(sc);
  return sc;
}

}  // namespace harness
