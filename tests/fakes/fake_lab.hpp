#pragma once
// A Lab in memory: three nodes (n1, n2 targets; initiator), per-node power, suspend and link
// state, virtual-time latencies close to the libvirt lab's, lifecycle events with
// cause=harness for its own actions, and every call counted in the FailPlan. Teardown only
// counts itself and leaves the node state alone, so a test can still assert afterwards that
// every fault was healed (unrestored() == "").
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "drivers/lab.hpp"
#include "fakes/fail_plan.hpp"
#include "fakes/fake_remote.hpp"

namespace harness {

struct FakeLatencies {
  std::int64_t provision_ns = 60 * kNsPerS;
  std::int64_t power_off_ns = 2 * kNsPerS;  // virsh destroy
  std::int64_t power_on_ns = 4 * kNsPerS;   // virsh start
  std::int64_t wait_ready_ns = 30 * kNsPerS;
  std::int64_t reset_ns = 2 * kNsPerS;
  std::int64_t set_link_ns = 30 * kNsPerMs;  // virsh domif-setlink
  std::int64_t suspend_ns = 100 * kNsPerMs;
  std::int64_t teardown_ns = 5 * kNsPerS;
  std::int64_t lookup_ns = 0;  // finding the VM before a suspend or resume (an RPC to libvirtd)
  void zero() { *this = FakeLatencies{0, 0, 0, 0, 0, 0, 0, 0, 0}; }
};

struct FakeNodeState {
  bool powered = false;
  bool suspended = false;
  std::map<std::string, bool> links;  // network -> carrier up
};

class FakeLab : public Lab, public Pausable, public Snapshottable, public HostScheduled, public Reimageable {
 public:
  FakeLab(Clock& clock, FailPlan& plan, std::vector<NodeInfo> nodes = default_nodes());
  static std::vector<NodeInfo> default_nodes();

  FakeLatencies& latencies() { return latency_; }
  const FakeNodeState& state(const std::string& node) const;
  FakeRemote& fake_remote(const std::string& node);
  int provision_calls() const { return provision_calls_; }
  int teardown_calls() const { return teardown_calls_; }
  int revert_calls() const { return revert_calls_; }
  bool watching() const { return history_ != nullptr; }
  // Effective actions in order: "power_off n1", "set_link n1 san0 down", "suspend n2"...
  const std::vector<std::string>& ops() const { return ops_; }
  // "" if every node is powered on (once provisioned), not suspended and has every link up;
  // else what is not.
  std::string unrestored() const;

  std::string describe() const override { return "fake lab"; }
  void provision(const Deadline& deadline) override;
  std::vector<NodeInfo> nodes() const override { return nodes_; }
  Remote& remote(const std::string& node) override { return fake_remote(node); }
  void power_off(const std::string& node, const Deadline& deadline) override;
  // Accepts a running node (see drivers/faults/node_kill.hpp).
  void power_on(const std::string& node, const Deadline& deadline) override;
  void reset(const std::string& node, const Deadline& deadline) override;
  void wait_ready(const std::string& node, const Deadline& deadline) override;
  void set_link(const std::string& node, const std::string& network, bool up,
                const Deadline& deadline) override;
  void watch_lifecycle(History& history) override;
  void unwatch_lifecycle() override { history_ = nullptr; }
  // Snapshots hold nothing: a revert brings every node back powered, running, links up.
  void snapshot(const std::string& name, const Deadline& deadline) override;
  void revert(const std::string& name, const Deadline& deadline) override;
  void teardown(const Deadline& deadline) override;
  std::int64_t suspend(const std::string& node, const Deadline& deadline) override;
  std::int64_t resume(const std::string& node, std::int64_t not_before_ns,
                      const Deadline& deadline) override;
  // Nothing, unless a test scripts the host's scheduling with set_guest_threads (called with
  // the clock's time at each reading). Not counted in the FailPlan: the sampler never fails a run.
  std::vector<GuestThreads> guest_threads() override;
  void set_guest_threads(std::function<std::vector<GuestThreads>(std::int64_t now_ns)> f) {
    guest_threads_ = std::move(f);
  }
  int guest_threads_calls() const { return guest_threads_calls_; }
  // Reimageable: every node starts on image "default"; images a test has not added are unbuilt.
  std::string lab_image() const override { return "default"; }
  std::string image_of(const std::string& node) const override;
  void check_image(const std::string& image) const override;
  void reimage(const std::string& node, const std::string& image, const Deadline& deadline) override;
  void add_image(const std::string& image) { images_.push_back(image); }

 private:
  FakeNodeState& node_state(const std::string& node);
  void take(std::int64_t ns);
  void lifecycle(const std::string& node, const std::string& what);
  void update_reachability(const std::string& node);

  Clock& clock_;
  FailPlan& plan_;
  std::vector<NodeInfo> nodes_;
  FakeLatencies latency_;
  std::map<std::string, FakeNodeState> state_;
  std::map<std::string, std::unique_ptr<FakeRemote>> remotes_;
  History* history_ = nullptr;
  bool provisioned_ = false;
  int provision_calls_ = 0;
  int teardown_calls_ = 0;
  int revert_calls_ = 0;
  std::vector<std::string> ops_;
  std::function<std::vector<GuestThreads>(std::int64_t)> guest_threads_;
  std::atomic<int> guest_threads_calls_{0};
  std::vector<std::string> images_ = {"default"};
  std::map<std::string, std::string> node_images_;
};

// The same lab without the Pausable capability (a lab that cannot freeze a node).
class NonPausableLab final : public Lab {
 public:
  explicit NonPausableLab(FakeLab& lab) : lab_(lab) {}
  std::string describe() const override { return "fake lab without pause"; }
  void provision(const Deadline& d) override { lab_.provision(d); }
  std::vector<NodeInfo> nodes() const override { return lab_.nodes(); }
  Remote& remote(const std::string& n) override { return lab_.remote(n); }
  void power_off(const std::string& n, const Deadline& d) override { lab_.power_off(n, d); }
  void power_on(const std::string& n, const Deadline& d) override { lab_.power_on(n, d); }
  void reset(const std::string& n, const Deadline& d) override { lab_.reset(n, d); }
  void wait_ready(const std::string& n, const Deadline& d) override { lab_.wait_ready(n, d); }
  void set_link(const std::string& n, const std::string& net, bool up, const Deadline& d) override {
    lab_.set_link(n, net, up, d);
  }
  void watch_lifecycle(History& h) override { lab_.watch_lifecycle(h); }
  void teardown(const Deadline& d) override { lab_.teardown(d); }

 private:
  FakeLab& lab_;
};

}  // namespace harness
