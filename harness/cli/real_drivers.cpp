#include "harness/cli/real_drivers.hpp"

#include <iostream>

#include "drivers/deploy_plan.hpp"
#include "drivers/fio/lab_fio.hpp"
#include "drivers/ledger/lab_ledger.hpp"
#include "drivers/multipath/reservation_probe.hpp"
#include "drivers/workload_pair.hpp"
#include "harness/core/data_dir.hpp"
#include "harness/core/errors.hpp"

#ifdef HARNESS_WITH_LIBVIRT
#include "drivers/faults/fault_factory.hpp"
#include "drivers/libvirt/cached_image.hpp"
#include "drivers/libvirt/lab_naming.hpp"
#include "drivers/libvirt/lab_sut.hpp"
#include "drivers/libvirt/libvirt_lab.hpp"
#include "drivers/observers/host_starvation_observer.hpp"
#include "drivers/observers/journal_observer.hpp"
#include "drivers/observers/state_observer.hpp"
#endif

namespace harness {

namespace {

std::function<void(const std::string&)> progress_of(const CliContext& ctx) {
  return [&ctx](const std::string& line) {
    if (!ctx.quiet) std::cerr << line << std::endl;
  };
}

}  // namespace

std::unique_ptr<Workload> make_run_workload(Lab& lab, const Scenario& scenario, std::uint64_t seed,
                                            const WorkloadPlaces& places,
                                            std::function<void(const std::string&)> progress) {
  FioWorkloadOptions fo;
  fo.work_dir = places.fio_dir;
  fo.seed = seed;  // the seed the report prints: the same seed replays the same offsets
  fo.progress = progress;
  std::unique_ptr<Workload> load = make_lab_fio(lab, "initiator", scenario.workload, fo);
  if (scenario.workload.ledger) load = make_workload_pair(std::move(load), make_run_ledger(lab, scenario, seed, places, progress));
  if (!scenario.expect.reservations.empty()) {
    ReservationProbeOptions ro;
    ro.key = reservation_key(places.run_id, 1);
    ro.intruder_key = reservation_key(places.run_id, 2);
    ro.progress = progress;
    load = make_workload_pair(std::move(load), make_reservation_probe(lab, ro));
  }
  return load;
}

std::unique_ptr<Workload> make_run_ledger(Lab& lab, const Scenario& scenario, std::uint64_t seed,
                                          const WorkloadPlaces& places,
                                          std::function<void(const std::string&)> progress) {
  LedgerWorkloadOptions lo;
  lo.offset_bytes = ledger_offset_bytes(scenario.workload);
  lo.duration_s = scenario.workload.runtime_s;
  lo.run_id = ledger_run_id(places.run_id);
  lo.seed = seed;
  lo.work_dir = places.ledger_dir;
  lo.save_dir = places.run_dir / "ledger";
  lo.program = built_file_path("drivers/ledger/harness-ledger");
  lo.progress = std::move(progress);
  const DeployTopology topo;  // the targets' backing device, as deployed
  return make_lab_ledger(lab, "initiator", *scenario.workload.ledger, lo, topo.backing_device());
}

#ifndef HARNESS_WITH_LIBVIRT

LabAndSut make_real_lab(const Scenario& scenario, const CliContext&, const std::string&, Clock&,
                        std::uint64_t) {
  throw LabError("scenario '" + scenario.name +
                 "': this harness was built without the libvirt lab (HARNESS_WITH_LIBVIRT=OFF)");
}

Drivers make_run_drivers(const LabAndSut&, const Scenario& scenario, const CliContext&,
                         const std::string&, const std::filesystem::path&, Clock&, std::uint64_t) {
  throw LabError("scenario '" + scenario.name +
                 "': this harness was built without the libvirt lab (HARNESS_WITH_LIBVIRT=OFF)");
}

#else

LabAndSut make_real_lab(const Scenario& scenario, const CliContext& ctx,
                        const std::string& lab_run_id, Clock& clock, std::uint64_t verify_bytes) {
  if (scenario.lab.kind != "libvirt")
    throw ScenarioError(scenario.file.string() + ": /lab/kind: expected \"libvirt\", found \"" +
                        scenario.lab.kind + "\"");
  auto progress = progress_of(ctx);
  lab::LibvirtLabOptions o;
  // One lab per run id, named after its tag so parallel runs never share one.
  o.lab_name = "run-" + lab::run_tag(lab_run_id);
  o.run_id = lab_run_id;
  o.uri = ctx.libvirt_uri.empty() ? scenario.lab.uri : ctx.libvirt_uri;
  o.accel = scenario.lab.accel;
  o.image = lab::find_cached_image(scenario.lab.image);
  o.vcpus = scenario.lab.vcpus;
  o.memory_mib = scenario.lab.memory_mib;
  o.data_disk_mib = scenario.lab.data_disk_mib;
  o.fence_agent = scenario.tunables.fence.agent;
  o.progress = progress;
  auto lab = std::make_shared<lab::LibvirtLab>(o, clock);
  LabAndSut out;
  out.sut = lab::make_deferred_lab_cluster(*lab, scenario.tunables, scenario.lab, progress,
                                           verify_bytes);
  out.lab = std::move(lab);
  out.image = o.image;
  return out;
}

Drivers make_run_drivers(const LabAndSut& lab_and_sut, const Scenario& scenario,
                         const CliContext& ctx, const std::string& run_id,
                         const std::filesystem::path& run_dir, Clock& clock, std::uint64_t seed) {
  auto* l = dynamic_cast<lab::LibvirtLab*>(lab_and_sut.lab.get());
  if (!l) throw LabError("internal error: the run's lab is not a libvirt lab");
  auto progress = progress_of(ctx);
  Drivers d;
  d.lab = lab_and_sut.lab;
  d.sut = lab_and_sut.sut;
  const std::string tag = lab::run_tag(run_id);
  d.workload = make_run_workload(
      *l, scenario, seed,
      {"/var/tmp/harness-fio-" + tag, "/var/tmp/harness-ledger-" + tag, run_dir, run_id}, progress);
  auto topology = [l] { return lab::libvirt_deploy_topology(*l); };
  d.observers.push_back(std::make_unique<StateObserver>(*l, clock, topology));
  d.observers.push_back(
      std::make_unique<JournalObserver>(*l, std::vector<std::string>{"n1", "n2", "initiator"}));
  // How long the host kept each guest's vCPUs waiting, every 250 ms (docs/CHECKS.md, "Suspect runs").
  d.observers.push_back(std::make_unique<HostStarvationObserver>(*l, clock));
  d.faults = make_fault_factory();
  return d;
}

#endif

Drivers make_real_drivers(const Scenario& scenario, const CliContext& ctx,
                          const std::string& run_id, const std::filesystem::path& run_dir,
                          Clock& clock, std::uint64_t seed) {
  // The online verify covers the region the workload wrote (validated to fit the device).
  auto lab = make_real_lab(scenario, ctx, run_id, clock, workload_region_bytes(scenario.workload));
  return make_run_drivers(lab, scenario, ctx, run_id, run_dir, clock, seed);
}

}  // namespace harness
