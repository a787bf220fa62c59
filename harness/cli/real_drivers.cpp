#include "harness/cli/real_drivers.hpp"

#include <iostream>

#include "drivers/fio/lab_fio.hpp"
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
                                            std::string work_dir,
                                            std::function<void(const std::string&)> progress) {
  FioWorkloadOptions fo;
  fo.work_dir = std::move(work_dir);
  fo.seed = seed;  // the seed the report prints: the same seed replays the same offsets
  fo.progress = std::move(progress);
  return make_lab_fio(lab, "initiator", scenario.workload, fo);
}

#ifndef HARNESS_WITH_LIBVIRT

LabAndSut make_real_lab(const Scenario& scenario, const CliContext&, const std::string&, Clock&,
                        std::uint64_t) {
  throw LabError("scenario '" + scenario.name +
                 "': this harness was built without the libvirt lab (HARNESS_WITH_LIBVIRT=OFF)");
}

Drivers make_run_drivers(const LabAndSut&, const Scenario& scenario, const CliContext&,
                         const std::string&, Clock&, std::uint64_t) {
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
                         const CliContext& ctx, const std::string& run_id, Clock& clock,
                         std::uint64_t seed) {
  auto* l = dynamic_cast<lab::LibvirtLab*>(lab_and_sut.lab.get());
  if (!l) throw LabError("internal error: the run's lab is not a libvirt lab");
  auto progress = progress_of(ctx);
  Drivers d;
  d.lab = lab_and_sut.lab;
  d.sut = lab_and_sut.sut;
  d.workload = make_run_workload(*l, scenario, seed, "/var/tmp/harness-fio-" + lab::run_tag(run_id),
                                 progress);
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
                          const std::string& run_id, const std::filesystem::path& /*run_dir*/,
                          Clock& clock, std::uint64_t seed) {
  // The online verify covers the region the workload wrote (validated to fit the device).
  auto lab = make_real_lab(scenario, ctx, run_id, clock, fio_region_bytes(scenario.workload));
  return make_run_drivers(lab, scenario, ctx, run_id, clock, seed);
}

}  // namespace harness
