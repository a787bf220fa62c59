#pragma once
// Runs rendered deployment plans (drivers/deploy_plan.hpp) on nodes: files, then commands in
// order, each failure naming the node, the command, its exit status and stderr. Plus a poll
// until nothing is missing; work on several nodes at once is drivers/parallel.hpp.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/deploy_plan.hpp"
#include "drivers/parallel.hpp"
#include "drivers/remote.hpp"
#include "harness/core/deadline.hpp"

namespace harness {

// The files with their directories (Remote::put_files: one command over ssh).
void put_files(Remote& remote, const std::vector<GuestFile>& files, const Deadline& deadline);

// Runs the commands in order; LabError(describe_failure) on the first failure of a command
// that is not may_fail. Returns the results (for commands whose output matters).
std::vector<CommandResult> run_plan(Remote& remote, const std::vector<PlannedCommand>& plan,
                                    const Deadline& deadline);

// Calls `missing` every `period_s` until it returns "" (nothing missing); after kBackOffS of
// waiting, every 2 × period_s: each call is an ssh command (the harness's own CPU), and a
// wait that is long already loses little by a second more. On deadline throws
// TimeoutError "<what>: still <last answer> after N s"; Interrupted if the run is stopped.
// A LabError from `missing` (node unreachable, probe timed out) counts as its answer.
inline constexpr double kBackOffS = 5;
void wait_for(const Deadline& deadline, double period_s, std::string_view what,
              const std::function<std::string()>& missing);

}  // namespace harness
