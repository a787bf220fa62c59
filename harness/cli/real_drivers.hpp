#pragma once
// The drivers `harness run` uses: only real ones (the libvirt lab, the deployed cluster, fio,
// the real faults). Fakes never come here.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "drivers/image/image.hpp"
#include "harness/cli/cli_context.hpp"
#include "harness/runner/run_options.hpp"
#include "harness/scenario/scenario.hpp"

namespace harness {

class Clock;
class Lab;

// A lab with its system under test, not yet provisioned: one run's own, or a deploy group's
// (shared by the runs of the group, deployed once). `lab_run_id` tags everything it creates.
struct LabAndSut {
  std::shared_ptr<Lab> lab;
  std::shared_ptr<SystemUnderTest> sut;
  std::optional<ImageInfo> image;  // what the lab boots (unset for labs without an image)
};
// Throws LabError (exit 3) when a part the run needs is not available on this host or in this
// build, ScenarioError when the scenario's lab or tunables cannot be deployed, before anything
// is created. `verify_bytes`: the region the online verify compares (the largest the lab's
// scenarios write).
LabAndSut make_real_lab(const Scenario& scenario, const CliContext& ctx,
                        const std::string& lab_run_id, Clock& clock, std::uint64_t verify_bytes);

// Every driver of one run on `lab_and_sut`: its workload, observers and faults. `seed` is the
// run's: it drives every random choice the drivers make (fio's offsets).
Drivers make_run_drivers(const LabAndSut& lab_and_sut, const Scenario& scenario,
                         const CliContext& ctx, const std::string& run_id,
                         const std::filesystem::path& run_dir, Clock& clock, std::uint64_t seed);

// A fresh lab for one run: make_real_lab + make_run_drivers.
Drivers make_real_drivers(const Scenario& scenario, const CliContext& ctx, const std::string& run_id,
                          const std::filesystem::path& run_dir, Clock& clock, std::uint64_t seed);

// Where a run's workload keeps its files.
struct WorkloadPlaces {
  std::string fio_dir;            // in the initiator: /var/tmp/harness-fio-<run tag>
  std::string ledger_dir;         // in the guests: /var/tmp/harness-ledger-<run tag>
  std::filesystem::path run_dir;  // on the host: the ledger's log and listings go to run_dir/ledger
  std::string run_id;             // the harness's run id (the ledger's blocks carry its hash)
};

// The run's workload on `lab`: fio on the initiator with the scenario's workload options, its
// offsets seeded by `seed`; with workload.ledger, the ledger beside it (docs/LEDGER.md); with
// expect.reservations, the persistent-reservations probe too.
std::unique_ptr<Workload> make_run_workload(Lab& lab, const Scenario& scenario, std::uint64_t seed,
                                            const WorkloadPlaces& places,
                                            std::function<void(const std::string&)> progress);
// The ledger alone, as make_run_workload places it beside fio.
std::unique_ptr<Workload> make_run_ledger(Lab& lab, const Scenario& scenario, std::uint64_t seed,
                                          const WorkloadPlaces& places,
                                          std::function<void(const std::string&)> progress);

}  // namespace harness
