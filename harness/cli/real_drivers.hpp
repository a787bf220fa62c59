#pragma once
// The drivers `harness run` uses: only real ones (the libvirt lab, the deployed cluster, fio,
// the real faults). Fakes never come here.
#include <filesystem>
#include <string>

#include "harness/cli/cli_context.hpp"
#include "harness/runner/run_options.hpp"
#include "harness/scenario/scenario.hpp"

namespace harness {

class Clock;

// Builds every driver for `scenario` without starting anything. Throws LabError (exit 3) when a
// part the run needs is not available on this host or in this build, before anything is created.
Drivers make_real_drivers(const Scenario& scenario, const CliContext& ctx, const std::string& run_id,
                          const std::filesystem::path& run_dir, Clock& clock);

}  // namespace harness
