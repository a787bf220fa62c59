#pragma once
// The one validation `harness validate` and `harness run` share: the scenario parser (every
// component's table), then what the drivers will check when they are built (the renderers on a
// sample topology, the target driver, the fio layout). Whatever validate accepts, run accepts.
#include <filesystem>

#include "harness/scenario/scenario.hpp"

namespace harness {

// ScenarioError "FILE: /json/pointer: expected X, found Y" for anything a driver would refuse.
void check_runnable(const Scenario& scenario);
// load_scenario + check_runnable.
Scenario load_runnable_scenario(const std::filesystem::path& file);

}  // namespace harness
