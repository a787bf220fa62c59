#pragma once
// The system under test on a libvirt lab: the deploy topology comes from the lab's record
// (node addresses, the targets' domain names for the fence devices, the host's address on mgmt
// where fencing logs in, the run tag as cluster name).
#include <functional>
#include <memory>
#include <string>

#include "drivers/deploy_plan.hpp"
#include "drivers/fence/guest_paths.hpp"
#include "drivers/libvirt/libvirt_lab.hpp"
#include "drivers/sut/alua_cluster.hpp"

namespace harness::lab {

// Where the targets find the per-run key their fence_virsh devices log in to the host with.
inline constexpr const char* kGuestFenceKeyPath = kGuestFenceSshKey;

DeployTopology libvirt_deploy_topology(const LibvirtLab& lab);

std::unique_ptr<AluaCluster> make_lab_cluster(LibvirtLab& lab, const Tunables& tunables,
                                              std::function<void(const std::string&)> progress,
                                              std::uint64_t verify_bytes = 0,
                                              const TargetOptions& target = {});

// For `harness run`: checks the tunables and the target driver now (ScenarioError), deploys
// onto `lab` once it is provisioned.
std::unique_ptr<SystemUnderTest> make_deferred_lab_cluster(
    LibvirtLab& lab, const Tunables& tunables, const TargetOptions& target,
    std::function<void(const std::string&)> progress, std::uint64_t verify_bytes = 0);

}  // namespace harness::lab
