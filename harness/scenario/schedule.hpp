#pragma once
// A run's schedule: the scenario with every random step drawn from the run's seed, and what was
// drawn, for schedule.json in the run directory. The same scenario and seed give the same
// schedule on every machine (seeded_draws.hpp), which is what `harness run --seed S` replays.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/scenario/scenario.hpp"

namespace harness {

// What one random step drew, and from what.
struct StepDraw {
  std::size_t index = 0;          // the step's position in "steps"
  std::string id;                 // its id: the drawn fault step keeps it (heal steps name it)
  std::uint64_t step_seed = 0;    // its generator's seed (seeded_draws.hpp: step_seed)
  std::size_t fault_choice = 0;   // index into RandomStep::faults
  std::size_t fault_choices = 0;  // how many there were
  std::optional<std::size_t> target_choice;  // index into RandomStep::targets, when listed
  SecondsRange at_window;
  double at_s = 0;
  std::optional<SecondsRange> duration_window;  // none: the drawn fault has no duration
  std::optional<double> duration_s;
  FaultSpec fault;                // the drawn step's fault: kind, keys, target, duration_s
};

struct Schedule {
  std::uint64_t seed = 0;
  std::vector<StepDraw> draws;  // one per random step, in step order
};

struct DrawnScenario {
  Scenario scenario;  // every random step replaced by the fault step drawn for it
  Schedule schedule;
};

// Draws every random step of `scenario` (parsed, so its windows are known to keep the steps in
// order and inside the runtime) from `seed`, each from its own generator, in this order: the
// fault, the target (when the step lists targets), the instant, the duration (when there is a
// window for the drawn fault). A scenario without random steps comes back unchanged.
// Throws ScenarioError "FILE: /steps/N/random/faults: ..." for a random step with no faults
// (possible only for a Scenario built in code).
DrawnScenario draw_schedule(const Scenario& scenario, std::uint64_t seed);

// schedule.json: the seed, every step as the run will fire it (drawn or not), and each draw
// with its choices and windows (docs/SCENARIO-FORMAT.md, "Random steps").
nlohmann::json schedule_json(const DrawnScenario& drawn);

}  // namespace harness
