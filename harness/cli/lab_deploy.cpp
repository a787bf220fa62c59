// `lab up` / `lab deploy`: the storage stack on a lab.
#include "harness/cli/lab_deploy.hpp"

#include <iostream>

#include <fmt/format.h>

#include "drivers/faults/load_scenario.hpp"
#include "drivers/libvirt/lab_sut.hpp"
#include "harness/core/errors.hpp"
#include "harness/runner/io_thread.hpp"
#include "harness/runner/stop_control.hpp"

namespace harness {

Tunables lab_tunables(const LabDeployArgs& a) {
  if (a.scenario.empty()) return Tunables{};
  return load_scenario(a.scenario).tunables;
}

void deploy_lab_stack(const CliContext& ctx, lab::LibvirtLab& lab, const Tunables& tunables,
                      const LabDeployArgs& a) {
  auto clock = make_system_clock();
  auto progress = [&ctx](const std::string& line) {
    if (!ctx.quiet) std::cerr << line << std::endl;
  };
  auto sut = lab::make_lab_cluster(lab, tunables, progress);
  StopControl stop;
  IoThread io;
  io.handle_signals(stop);
  try {
    sut->deploy(Deadline::after(*clock, a.deploy_timeout_s, stop.stop_token()));
    sut->settle(Deadline::after(*clock, a.settle_timeout_s, stop.stop_token()));
  } catch (const Error& e) {
    auto dir = std::filesystem::path(lab.record().dir) / "deploy-logs";
    progress(fmt::format("deploy failed: {}\ncollecting node logs into {}", e.what(),
                         dir.string()));
    sut->collect_logs(dir, Deadline::after(*clock, 120));
    io.stop();
    throw;
  }
  io.stop();
}

}  // namespace harness
