#pragma once
// How a run is judged: the scenario's checks on the History (harness/checks), and, when the
// ledger ran beside fio, the ledger check on the files the History's ledger events name in the
// run directory (a minute of writes is tens of thousands of records, not History events).
// Used by `harness run` and by `harness report --recheck`.
#include <filesystem>
#include <vector>

#include "harness/core/check_result.hpp"
#include "harness/core/history.hpp"
#include "harness/scenario/scenario.hpp"

namespace harness {

std::vector<CheckResult> judge_run(const Scenario& scenario, const History& history,
                                   const std::filesystem::path& run_dir);

// The ledger check alone; nullopt when the History has no ledger log (the ledger did not run or
// never collected). A file that cannot be read gives a result "ledger" with verdict unknown.
std::optional<CheckResult> judge_ledger(const Expect& expect, const History& history,
                                        const std::filesystem::path& run_dir);

}  // namespace harness
