#pragma once
// Where nodes come from: a Lab provisions nodes and networks and owns their power and links.
// Optional capabilities are separate interfaces (Pausable), checked when a scenario is validated.
#include <filesystem>
#include <map>
#include <cstdint>
#include <string>
#include <vector>

#include "drivers/remote.hpp"
#include "harness/core/errors.hpp"
#include "harness/core/history.hpp"
#include "harness/core/deadline.hpp"

namespace harness {

struct NodeInfo {
  std::string name;                                // n1, n2, initiator
  std::string role;                                // target | initiator
  std::map<std::string, std::string> addresses;    // network (mgmt, ring0, san0...) -> IPv4

  // The node's IPv4 address on `net`; LabError when it has none there.
  const std::string& address(const std::string& net) const {
    auto it = addresses.find(net);
    if (it == addresses.end())
      throw LabError("node " + name + " has no address on network " + net);
    return it->second;
  }
};

class Lab {
 public:
  virtual ~Lab() = default;
  virtual std::string describe() const = 0;        // "libvirt qemu:///system (tcg)"
  // Creates networks and nodes and waits until every node answers over its Remote.
  virtual void provision(const Deadline& deadline) = 0;
  virtual std::vector<NodeInfo> nodes() const = 0;
  virtual Remote& remote(const std::string& node) = 0;

  virtual void power_off(const std::string& node, const Deadline& deadline) = 0;  // pull the plug
  virtual void power_on(const std::string& node, const Deadline& deadline) = 0;
  virtual void reset(const std::string& node, const Deadline& deadline) = 0;
  virtual void wait_ready(const std::string& node, const Deadline& deadline) = 0;  // Remote answers
  // The node's NIC on `network` loses (or regains) carrier, as a cable pull would.
  virtual void set_link(const std::string& node, const std::string& network, bool up,
                        const Deadline& deadline) = 0;

  // Hypervisor lifecycle events go to the History from now on (kind lifecycle, see EVENTS.md).
  virtual void watch_lifecycle(History& history) = 0;
  // No more events to that History: a lab that outlives the run (a deploy group's) must not
  // write into a History that is gone.
  virtual void unwatch_lifecycle() {}
  // Removes everything this lab created (tagged with its run id); safe to call twice.
  virtual void teardown(const Deadline& deadline) = 0;
};

// A lab that can freeze a node (virDomainSuspend) and thaw it.
class Pausable {
 public:
  virtual ~Pausable() = default;
  // Each returns the host monotonic time it asked the hypervisor (after finding the node's VM):
  // the pause starts and ends then, or soon after under a busy host.
  virtual std::int64_t suspend(const std::string& node, const Deadline& deadline) = 0;
  // Asks no earlier than `not_before_ns` (0: at once): everything else is done by then, so a
  // pause is held for its duration from the suspend's ask to the resume's.
  virtual std::int64_t resume(const std::string& node, std::int64_t not_before_ns,
                              const Deadline& deadline) = 0;
};

// A lab that can save the state of all its nodes at one instant and return to it: a deploy
// group's scenarios each start from the same deployed, settled system (docs/MATRIX.md).
class Snapshottable {
 public:
  virtual ~Snapshottable() = default;
  // Pauses every node, saves each one's disks and memory under `name`, resumes them together.
  virtual void snapshot(const std::string& name, const Deadline& deadline) = 0;
  // Every node back to `name`, all resumed together, each answering over its Remote again, with
  // its wall clock stepped back to the host's (the snapshot's clock is as old as the snapshot).
  virtual void revert(const std::string& name, const Deadline& deadline) = 0;
};

// A lab that can give a powered-off node another operating system: a fresh root disk of another
// image (its kernel too), keeping the node's identity (addresses, keys) and its data disk. What
// an upgrade by reinstall does; a rolling upgrade does it to one node at a time (docs/UPGRADE.md).
class Reimageable {
 public:
  virtual ~Reimageable() = default;
  // The image (recipe name) every node is provisioned with; known before provisioning.
  virtual std::string lab_image() const = 0;
  // The image (recipe name) the node boots now.
  virtual std::string image_of(const std::string& node) const = 0;
  // Throws LabError naming what to build when `image` is not available to this lab. Runs
  // nothing: asked before a run starts.
  virtual void check_image(const std::string& image) const = 0;
  // The node must be off; it stays off. Its root disk is replaced by a new overlay of `image`.
  virtual void reimage(const std::string& node, const std::string& image, const Deadline& deadline) = 0;
};

// One thread of a node's hypervisor process as the host's scheduler accounts it
// (/proc/PID/task/TID/schedstat and comm): cumulative since the thread started.
struct ThreadSched {
  std::int64_t tid = 0;
  std::string comm;          // "CPU 0/TCG", "CPU 1/KVM" (a vCPU), "call_rcu", "worker"...
  std::int64_t cpu_ns = 0;   // time spent running on a CPU
  std::int64_t wait_ns = 0;  // time runnable but waiting in a run queue
  std::int64_t slices = 0;   // timeslices run
};

// One reading of every thread of one node's process.
struct GuestThreads {
  std::string node;
  std::int64_t pid = 0;
  std::vector<ThreadSched> threads;
};

// A lab whose nodes run as processes of this host (QEMU under a local libvirt), so that how the
// host scheduled them can be read: how long each guest's vCPUs wanted a CPU and did not get one
// (docs/CHECKS.md, "Suspect runs").
class HostScheduled {
 public:
  virtual ~HostScheduled() = default;
  // A reading of every running node's threads, now. A node that is off, or whose process this
  // host cannot see (a remote hypervisor), is left out; never throws. Called every 250 ms while
  // the faults and the load run: a few small /proc files per node.
  virtual std::vector<GuestThreads> guest_threads() = 0;
};

}  // namespace harness
