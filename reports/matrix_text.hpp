#pragma once
// The matrix's words and lines, shared by the summary, JUnit and the HTML indexes so that all of
// them say the same thing about a scenario: its verdict word, pass count, marks and repeats.
#include <string>
#include <string_view>

#include "harness/core/matrix_result.hpp"

namespace harness {

// PASS, FAIL, ERROR (scenario error, exit 2), INFRA (lab or infrastructure, exit 3).
std::string_view verdict_label(int exit_code);
// pass, fail, scenario_error, infrastructure_error: the verdict as matrix.json and
// harness-compare/1 write it.
std::string_view verdict_word(int exit_code);
// pass, fail, scenario error, infrastructure error: a repeat's outcome in prose.
std::string_view outcome_words(int exit_code);

// "pass 2/3" (passes of the repeats that passed or failed), then "+N errors" when some errored.
std::string pass_count(const ScenarioOutcome& s);
// "FLAKE SUSPECT", "FLAKE", "" ...
std::string marks(const ScenarioOutcome& s);

// "12.5 s", "9 min 08 s", "1 h 02 min 03 s".
std::string human_duration(double seconds);

// "repeat 2  fail  183.250 s  seed 42  reverted  runs/x/id  retry  SUSPECT: reason"
std::string repeat_line(const RepeatOutcome& r);
// "repeat 2: reason; repeat 3: reason" over the suspect repeats; empty when none.
std::string suspect_reasons(const ScenarioOutcome& s);
// The deploy key the scenario ran under (its first repeat's that has one), else "".
std::string deploy_key_of(const ScenarioOutcome& s);

}  // namespace harness
