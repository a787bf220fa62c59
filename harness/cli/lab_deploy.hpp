#pragma once
// Deploying and settling the storage stack on a lab from the CLI (`lab up`, `lab deploy`):
// progress on stderr, SIGINT/SIGTERM stop it, node logs collected into the lab directory when
// it fails.
#include <string>

#include "drivers/libvirt/libvirt_lab.hpp"
#include "harness/cli/cli_context.hpp"
#include "harness/scenario/scenario.hpp"

namespace harness {

struct LabDeployArgs {
  std::string scenario;        // tunables from this scenario file; empty: defaults
  double deploy_timeout_s = 600;
  double settle_timeout_s = 300;
};

// Tunables of --scenario (ScenarioError, exit 2, before anything starts) or the defaults.
Tunables lab_tunables(const LabDeployArgs& a);

// Deploys and settles; on failure collects logs under <lab dir>/deploy-logs and rethrows.
void deploy_lab_stack(const CliContext& ctx, lab::LibvirtLab& lab, const Tunables& tunables,
                      const LabDeployArgs& a);

}  // namespace harness
