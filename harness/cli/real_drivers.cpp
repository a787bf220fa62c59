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
#include "drivers/observers/journal_observer.hpp"
#include "drivers/observers/state_observer.hpp"
#endif

namespace harness {

std::unique_ptr<Workload> make_run_workload(Lab& lab, const Scenario& scenario, std::uint64_t seed,
                                            std::string work_dir,
                                            std::function<void(const std::string&)> progress) {
  FioWorkloadOptions fo;
  fo.work_dir = std::move(work_dir);
  fo.seed = seed;  // the seed the report prints: the same seed replays the same offsets
  fo.progress = std::move(progress);
  return make_lab_fio(lab, "initiator", scenario.workload, fo);
}

Drivers make_real_drivers(const Scenario& scenario, const CliContext& ctx,
                          const std::string& run_id, const std::filesystem::path& /*run_dir*/,
                          Clock& clock, std::uint64_t seed) {
#ifndef HARNESS_WITH_LIBVIRT
  (void)ctx;
  (void)run_id;
  (void)clock;
  (void)seed;
  throw LabError("scenario '" + scenario.name +
                 "': this harness was built without the libvirt lab (HARNESS_WITH_LIBVIRT=OFF)");
#else
  if (scenario.lab.kind != "libvirt")
    throw ScenarioError(scenario.file.string() + ": /lab/kind: expected \"libvirt\", found \"" +
                        scenario.lab.kind + "\"");
  auto progress = [&ctx](const std::string& line) {
    if (!ctx.quiet) std::cerr << line << std::endl;
  };
  lab::LibvirtLabOptions o;
  // One lab per run, named after its run id's tag so parallel runs never share one.
  o.lab_name = "run-" + lab::run_tag(run_id);
  o.run_id = run_id;
  o.uri = ctx.libvirt_uri.empty() ? scenario.lab.uri : ctx.libvirt_uri;
  o.accel = scenario.lab.accel;
  o.image = lab::find_cached_image(scenario.lab.image);
  o.vcpus = scenario.lab.vcpus;
  o.memory_mib = scenario.lab.memory_mib;
  o.data_disk_mib = scenario.lab.data_disk_mib;
  o.progress = progress;
  auto lab = std::make_unique<lab::LibvirtLab>(o, clock);
  lab::LibvirtLab& l = *lab;

  Drivers d;
  // The online verify covers the region the workload wrote (validated to fit the device).
  d.sut = lab::make_deferred_lab_cluster(l, scenario.tunables, scenario.lab, progress,
                                         fio_region_bytes(scenario.workload));
  d.workload = make_run_workload(l, scenario, seed, "/var/tmp/harness-fio-" + lab::run_tag(run_id),
                                 progress);
  auto topology = [&l] { return lab::libvirt_deploy_topology(l); };
  d.observers.push_back(std::make_unique<StateObserver>(l, clock, topology));
  d.observers.push_back(
      std::make_unique<JournalObserver>(l, std::vector<std::string>{"n1", "n2", "initiator"}));
  d.faults = make_fault_factory();
  d.lab = std::move(lab);
  return d;
#endif
}

}  // namespace harness
