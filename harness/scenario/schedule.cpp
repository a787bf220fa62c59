#include "harness/scenario/schedule.hpp"

#include <fmt/format.h>

#include "harness/core/errors.hpp"
#include "harness/scenario/scenario_sections.hpp"
#include "harness/scenario/seeded_draws.hpp"

namespace harness {
namespace {

StepDraw draw_step(const Step& step, const std::string& file, std::uint64_t seed) {
  const RandomStep& rs = *step.random;
  if (rs.faults.empty()) {
    throw ScenarioError(fmt::format(
        "{}: /steps/{}/random/faults: expected a list of 1 or more faults to draw one from, "
        "found an empty list",
        file, step.index));
  }
  StepDraw d;
  d.index = step.index;
  d.id = step.id;
  d.step_seed = step_seed(seed, step.id);
  std::mt19937_64 gen(d.step_seed);

  d.fault_choices = rs.faults.size();
  d.fault_choice = static_cast<std::size_t>(draw_below(gen, rs.faults.size()));
  const FaultTemplate& chosen = rs.faults[d.fault_choice];
  d.fault = chosen.fault;
  if (!rs.targets.empty()) {
    d.target_choice = static_cast<std::size_t>(draw_below(gen, rs.targets.size()));
    d.fault.target = rs.targets[*d.target_choice];
  }
  d.at_window = rs.at_s;
  d.at_s = draw_seconds(gen, rs.at_s);
  d.duration_window = chosen.duration_s ? chosen.duration_s : rs.duration_s;
  if (d.duration_window) d.duration_s = draw_seconds(gen, *d.duration_window);
  d.fault.duration_s = d.duration_s;
  return d;
}

nlohmann::json window_json(const SecondsRange& r) { return nlohmann::json::array({r.min_s, r.max_s}); }

nlohmann::json step_json(const Step& s, bool drawn) {
  nlohmann::json j;
  if (s.fault) j = fault_step_json(*s.fault);
  if (s.heals) j["heal"] = *s.heals;
  j["index"] = s.index;
  j["id"] = s.id;
  j["at_s"] = s.at_s;
  j["drawn"] = drawn;
  return j;
}

}  // namespace

DrawnScenario draw_schedule(const Scenario& scenario, std::uint64_t seed) {
  DrawnScenario out{scenario, Schedule{seed, {}}};
  for (Step& step : out.scenario.steps) {
    if (!step.random) continue;
    StepDraw d = draw_step(step, scenario.file.string(), seed);
    Step drawn;
    drawn.index = step.index;
    drawn.id = step.id;
    drawn.at_s = d.at_s;
    drawn.fault = d.fault;
    step = std::move(drawn);
    out.schedule.draws.push_back(std::move(d));
  }
  return out;
}

nlohmann::json schedule_json(const DrawnScenario& drawn) {
  const Schedule& sch = drawn.schedule;
  nlohmann::json steps = nlohmann::json::array();
  std::size_t next_draw = 0;
  for (const Step& s : drawn.scenario.steps) {
    const bool was_random = next_draw < sch.draws.size() && sch.draws[next_draw].index == s.index;
    if (was_random) ++next_draw;
    steps.push_back(step_json(s, was_random));
  }
  nlohmann::json draws = nlohmann::json::array();
  for (const StepDraw& d : sch.draws) {
    nlohmann::json j = {
        {"index", d.index},
        {"id", d.id},
        {"step_seed", fmt::format("{:#018x}", d.step_seed)},
        {"fault", {{"drawn", d.fault_choice}, {"of", d.fault_choices}, {"kind", d.fault.kind}}},
        {"at_s", {{"drawn", d.at_s}, {"window", window_json(d.at_window)}}},
    };
    if (d.target_choice) j["target"] = {{"drawn", *d.target_choice}, {"name", d.fault.target}};
    if (d.duration_window)
      j["duration_s"] = {{"drawn", *d.duration_s}, {"window", window_json(*d.duration_window)}};
    draws.push_back(std::move(j));
  }
  return {{"scenario", drawn.scenario.name},
          {"seed", sch.seed},
          {"generator",
           "std::mt19937_64 per random step, seeded mix64(seed ^ mix64(fnv1a64(step id))); "
           "docs/SCENARIO-FORMAT.md, Random steps"},
          {"steps", std::move(steps)},
          {"draws", std::move(draws)}};
}

}  // namespace harness
