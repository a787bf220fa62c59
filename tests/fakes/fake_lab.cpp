#include "fakes/fake_lab.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "harness/core/errors.hpp"

namespace harness {

std::vector<NodeInfo> FakeLab::default_nodes() {
  return {
      {"n1", "target", {{"mgmt", "10.0.0.11"}, {"ring0", "10.1.0.11"}, {"ring1", "10.2.0.11"},
                        {"san0", "10.3.0.11"}, {"san1", "10.4.0.11"}}},
      {"n2", "target", {{"mgmt", "10.0.0.12"}, {"ring0", "10.1.0.12"}, {"ring1", "10.2.0.12"},
                        {"san0", "10.3.0.12"}, {"san1", "10.4.0.12"}}},
      {"initiator", "initiator", {{"mgmt", "10.0.0.20"}, {"san0", "10.3.0.20"}, {"san1", "10.4.0.20"}}},
  };
}

FakeLab::FakeLab(Clock& clock, FailPlan& plan, std::vector<NodeInfo> nodes)
    : clock_(clock), plan_(plan), nodes_(std::move(nodes)) {
  for (const auto& n : nodes_) {
    FakeNodeState s;
    for (const auto& [net, addr] : n.addresses) s.links[net] = true;
    state_[n.name] = s;
    remotes_[n.name] = std::make_unique<FakeRemote>(n.name, clock_, plan_);
    remotes_[n.name]->set_reachable(false);  // until provisioned
  }
}

FakeNodeState& FakeLab::node_state(const std::string& node) {
  auto it = state_.find(node);
  if (it == state_.end()) throw LabError(fmt::format("fake lab: no node named '{}'", node));
  return it->second;
}

const FakeNodeState& FakeLab::state(const std::string& node) const { return state_.at(node); }

FakeRemote& FakeLab::fake_remote(const std::string& node) {
  auto it = remotes_.find(node);
  if (it == remotes_.end()) throw LabError(fmt::format("fake lab: no node named '{}'", node));
  return *it->second;
}

void FakeLab::take(std::int64_t ns) {
  if (ns > 0) clock_.sleep_until(clock_.now_ns() + ns);
}

void FakeLab::lifecycle(const std::string& node, const std::string& what) {
  if (history_)
    history_->add(clock_.now_ns(), EventKind::lifecycle, node, what,
                  {{"cause", "harness"}, {"detail", "fake lab"}});
}

void FakeLab::update_reachability(const std::string& node) {
  const auto& s = node_state(node);
  fake_remote(node).set_reachable(s.powered && !s.suspended);
}

std::string FakeLab::unrestored() const {
  std::string out;
  auto add = [&](const std::string& s) { out += (out.empty() ? "" : ", ") + s; };
  for (const auto& [name, s] : state_) {
    if (provisioned_ && !s.powered) add(name + " powered off");
    if (s.suspended) add(name + " suspended");
    for (const auto& [net, up] : s.links)
      if (!up) add(name + " " + net + " down");
  }
  return out;
}

void FakeLab::provision(const Deadline& deadline) {
  plan_.call("lab.provision", deadline);
  ++provision_calls_;
  take(latency_.provision_ns);
  for (auto& [name, s] : state_) {
    s.powered = true;
    update_reachability(name);
  }
  provisioned_ = true;
  ops_.push_back("provision");
}

void FakeLab::power_off(const std::string& node, const Deadline& deadline) {
  plan_.call("lab.power_off " + node, deadline);
  auto& s = node_state(node);
  if (!s.powered) throw LabError(node + ": domain is not running");
  // Like virsh destroy: the guest stops at the start, the event arrives at the end.
  s.powered = false;
  s.suspended = false;
  update_reachability(node);
  ops_.push_back("power_off " + node);
  take(latency_.power_off_ns);
  lifecycle(node, "destroyed");
}

std::string FakeLab::image_of(const std::string& node) const {
  auto it = node_images_.find(node);
  return it == node_images_.end() ? "default" : it->second;
}

void FakeLab::check_image(const std::string& image) const {
  if (std::find(images_.begin(), images_.end(), image) == images_.end())
    throw LabError("image '" + image + "' is not built; run `harness image build " + image + "`");
}

void FakeLab::reimage(const std::string& node, const std::string& image, const Deadline& deadline) {
  plan_.call("lab.reimage " + node, deadline);
  if (node_state(node).powered) throw LabError("reimage " + node + ": the node is running");
  check_image(image);
  node_images_[node] = image;
  ops_.push_back("reimage " + node + " " + image);
}

void FakeLab::power_on(const std::string& node, const Deadline& deadline) {
  plan_.call("lab.power_on " + node, deadline);
  auto& s = node_state(node);
  take(latency_.power_on_ns);
  if (s.powered) return;
  s.powered = true;
  update_reachability(node);
  ops_.push_back("power_on " + node);
  lifecycle(node, "started");
}

void FakeLab::reset(const std::string& node, const Deadline& deadline) {
  plan_.call("lab.reset " + node, deadline);
  auto& s = node_state(node);
  if (!s.powered) throw LabError(node + ": domain is not running");
  take(latency_.reset_ns);
  ops_.push_back("reset " + node);
  lifecycle(node, "reset");
}

void FakeLab::wait_ready(const std::string& node, const Deadline& deadline) {
  plan_.call("lab.wait_ready " + node, deadline);
  const auto& s = node_state(node);
  if (!s.powered || s.suspended) {
    // A node that cannot come up: waits out the deadline, as the real wait would.
    deadline.clock().sleep_until(deadline.at_ns(), deadline.stop());
    deadline.check("wait for " + node + " to answer");
    throw TimeoutError("wait for " + node + " to answer: deadline passed");
  }
  take(latency_.wait_ready_ns);
}

void FakeLab::set_link(const std::string& node, const std::string& network, bool up,
                       const Deadline& deadline) {
  plan_.call(fmt::format("lab.set_link {} {} {}", node, network, up ? "up" : "down"), deadline);
  auto& s = node_state(node);
  auto it = s.links.find(network);
  if (it == s.links.end()) throw LabError(fmt::format("{}: no NIC on network '{}'", node, network));
  it->second = up;
  ops_.push_back(fmt::format("set_link {} {} {}", node, network, up ? "up" : "down"));
  take(latency_.set_link_ns);
}

void FakeLab::watch_lifecycle(History& history) {
  plan_.call("lab.watch_lifecycle", nullptr);
  history_ = &history;
}

void FakeLab::snapshot(const std::string& name, const Deadline& deadline) {
  plan_.call("lab.snapshot " + name, deadline);
  take(latency_.suspend_ns);
  ops_.push_back("snapshot " + name);
}

void FakeLab::revert(const std::string& name, const Deadline& deadline) {
  plan_.call("lab.revert " + name, deadline);
  ++revert_calls_;
  take(latency_.wait_ready_ns / 2);
  for (auto& [node, s] : state_) {
    s.powered = true;
    s.suspended = false;
    for (auto& [net, up] : s.links) up = true;
    update_reachability(node);
  }
  ops_.push_back("revert " + name);
}

void FakeLab::teardown(const Deadline& deadline) {
  ++teardown_calls_;
  plan_.call("lab.teardown", deadline);
  take(latency_.teardown_ns);
  ops_.push_back("teardown");
  history_ = nullptr;
}

std::int64_t FakeLab::suspend(const std::string& node, const Deadline& deadline) {
  plan_.call("lab.suspend " + node, deadline);
  auto& s = node_state(node);
  if (!s.powered) throw LabError(node + ": domain is not running");
  take(latency_.lookup_ns);
  const std::int64_t asked = clock_.now_ns();
  s.suspended = true;
  update_reachability(node);
  ops_.push_back("suspend " + node);
  take(latency_.suspend_ns);
  lifecycle(node, "suspended");
  return asked;
}

std::int64_t FakeLab::resume(const std::string& node, std::int64_t not_before_ns,
                             const Deadline& deadline) {
  plan_.call("lab.resume " + node, deadline);
  auto& s = node_state(node);
  if (!s.powered) throw LabError(node + ": domain is not running");
  take(latency_.lookup_ns);
  if (not_before_ns > clock_.now_ns()) clock_.sleep_until(not_before_ns);
  const std::int64_t asked = clock_.now_ns();
  take(latency_.suspend_ns);
  if (!s.suspended) return asked;
  s.suspended = false;
  update_reachability(node);
  ops_.push_back("resume " + node);
  lifecycle(node, "resumed");
  return asked;
}

std::vector<GuestThreads> FakeLab::guest_threads() {
  ++guest_threads_calls_;
  return guest_threads_ ? guest_threads_(clock_.now_ns()) : std::vector<GuestThreads>{};
}

}  // namespace harness
