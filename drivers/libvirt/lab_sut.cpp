// Deploy topology from a libvirt lab's record; the cluster bound to a lab that is not up yet.
#include "drivers/libvirt/lab_sut.hpp"

#include <fmt/format.h>

#include "harness/core/errors.hpp"

namespace harness::lab {

DeployTopology libvirt_deploy_topology(const LibvirtLab& lab) {
  const LabRecord& r = lab.record();
  DeployInputs in;
  in.cluster_name = "h-" + r.tag;
  for (const auto& n : r.nodes)
    if (n.role == "target") in.domains[n.name] = n.domain;
  const NetSpec* mgmt = default_topology().network("mgmt");
  if (!mgmt) throw LabError("lab topology has no mgmt network");
  in.host_mgmt_address = host_address(r.block, *mgmt);
  in.fence_key_path = kGuestFenceKeyPath;
  // The host side the lab started for its fence agent (lab_fencing.cpp).
  if (r.fence.port > 0) in.fence_port = r.fence.port;
  if (!r.fence.xvm_group.empty()) {
    in.fence_xvm_group = r.fence.xvm_group;
    in.fence_xvm_port = r.fence.virtd.port;
  }
  for (const auto& b : r.fence.bmcs) in.bmc_ports[b.node] = b.port;
  if (!r.fence.bmc_user.empty()) in.bmc_user = r.fence.bmc_user;
  return make_deploy_topology(lab.nodes(), in);
}

std::unique_ptr<AluaCluster> make_lab_cluster(LibvirtLab& lab, const Tunables& tunables,
                                              std::function<void(const std::string&)> progress,
                                              std::uint64_t verify_bytes,
                                              const TargetOptions& target) {
  const FenceRecord& fence = lab.record().fence;
  if (!fence.address.empty() && fence.agent != tunables.fence.agent)
    throw ScenarioError(fmt::format(
        "tunables: fence.agent: lab {} was provisioned for \"{}\" (its host side runs for that "
        "agent), found \"{}\"; bring up a lab with this scenario (`harness lab up --scenario`)",
        lab.record().lab, fence.agent, tunables.fence.agent));
  AluaClusterOptions o;
  o.topo = libvirt_deploy_topology(lab);
  o.tunables = tunables;
  o.target = target;
  o.progress = std::move(progress);
  o.verify_bytes = verify_bytes;
  return std::make_unique<AluaCluster>(lab, std::move(o));
}

namespace {

// `harness run` builds its drivers before the lab exists; the topology (addresses, domain
// names) is known only once it is provisioned, so the cluster is made at deploy().
class LabCluster final : public SystemUnderTest {
 public:
  LabCluster(LibvirtLab& lab, Tunables tunables, TargetOptions target,
             std::function<void(const std::string&)> progress, std::uint64_t verify_bytes)
      : lab_(lab), tunables_(std::move(tunables)), target_(std::move(target)),
        progress_(std::move(progress)), verify_bytes_(verify_bytes) {
    AluaCluster::check_tunables(tunables_, target_);
  }
  void deploy(const Deadline& deadline) override {
    cluster_ = make_lab_cluster(lab_, tunables_, progress_, verify_bytes_, target_);
    cluster_->deploy(deadline);
  }
  void settle(const Deadline& deadline) override { get().settle(deadline); }
  void audit(const Deadline& deadline) override { get().audit(deadline); }
  // A deploy group's runs share this object; each brings its own tunables.
  void apply_live_tunables(const Tunables& tunables, const Deadline& deadline) override {
    tunables_ = tunables;
    get().apply_live_tunables(tunables, deadline);
  }
  Roles roles(const Deadline& deadline) override { return get().roles(deadline); }
  void take_out(const std::string& node, const Deadline& deadline) override {
    get().take_out(node, deadline);
  }
  void bring_back(const std::string& node, const Deadline& deadline) override {
    get().bring_back(node, deadline);
  }
  void verify(History& history, const Deadline& deadline) override {
    get().verify(history, deadline);
  }
  void collect_logs(const std::filesystem::path& dir, const Deadline& deadline) override {
    if (cluster_) cluster_->collect_logs(dir, deadline);
  }

 private:
  AluaCluster& get() {
    if (!cluster_) throw LabError("the system under test was not deployed");
    return *cluster_;
  }
  LibvirtLab& lab_;
  Tunables tunables_;
  TargetOptions target_;
  std::function<void(const std::string&)> progress_;
  std::uint64_t verify_bytes_;
  std::unique_ptr<AluaCluster> cluster_;
};

}  // namespace

std::unique_ptr<SystemUnderTest> make_deferred_lab_cluster(
    LibvirtLab& lab, const Tunables& tunables, const TargetOptions& target,
    std::function<void(const std::string&)> progress, std::uint64_t verify_bytes) {
  return std::make_unique<LabCluster>(lab, tunables, target, std::move(progress), verify_bytes);
}

}  // namespace harness::lab
