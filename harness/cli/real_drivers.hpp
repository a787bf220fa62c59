#pragma once
// The drivers `harness run` uses: only real ones (the libvirt lab, the deployed cluster, fio,
// the real faults). Fakes never come here.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "harness/cli/cli_context.hpp"
#include "harness/runner/run_options.hpp"
#include "harness/scenario/scenario.hpp"

namespace harness {

class Clock;
class Lab;

// Builds every driver for `scenario` without starting anything. Throws LabError (exit 3) when a
// part the run needs is not available on this host or in this build, before anything is created.
// `seed` is the run's: it drives every random choice the drivers make (fio's offsets).
Drivers make_real_drivers(const Scenario& scenario, const CliContext& ctx, const std::string& run_id,
                          const std::filesystem::path& run_dir, Clock& clock, std::uint64_t seed);

// The run's workload on `lab`: fio on the initiator with the scenario's workload options, its
// offsets seeded by `seed`, its files in `work_dir`.
std::unique_ptr<Workload> make_run_workload(Lab& lab, const Scenario& scenario, std::uint64_t seed,
                                            std::string work_dir,
                                            std::function<void(const std::string&)> progress);

}  // namespace harness
