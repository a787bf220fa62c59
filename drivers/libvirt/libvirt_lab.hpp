#pragma once
// The libvirt lab: networks and qcow2-overlay domains of one run, their power and links, and
// their lifecycle events. Every object carries the run id in its libvirt <metadata> and a tag
// of it in its name; lab.json (lab_record.hpp) is written before each object is created.
// `harness lab up|down|status|ssh` and `harness run` both use this class.
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "drivers/image/image.hpp"
#include "drivers/lab.hpp"
#include "drivers/libvirt/fence_sshd.hpp"
#include "drivers/libvirt/lab_naming.hpp"
#include "drivers/libvirt/lab_record.hpp"
#include "drivers/libvirt/lab_storage.hpp"
#include "drivers/libvirt/lab_xml.hpp"
#include "drivers/libvirt/lifecycle_watch.hpp"
#include "drivers/libvirt/qemu_threads.hpp"
#include "drivers/libvirt/virt_ptr.hpp"
#include "harness/core/clock.hpp"

namespace harness::lab {

struct LibvirtLabOptions {
  std::string lab_name = "default";
  std::string run_id;                  // empty: a fresh one (make_run_id)
  std::string uri = "qemu:///system";
  std::string accel = "auto";          // auto|kvm|tcg
  ImageInfo image;
  int vcpus = 1;
  int memory_mib = 1024;
  int data_disk_mib = 1024;
  int tb_cache_mib = 256;              // TCG translation cache per guest (0: QEMU default)
  bool persistent = false;             // `lab up`: the lab outlives the process
  std::vector<std::string> nodes;      // subset of the default topology; empty = all
  double boot_timeout_s = 240;         // per node, start → SSH ready
  std::string fence_agent = "fence_virsh";  // tunables.fence.agent: which host side to start
  std::function<void(const std::string&)> progress;  // one line per step (stderr in the CLI)
};

// Where the target guests' fence_virsh logs in: the lab's own sshd on the host (fence_sshd.hpp).
// Maps onto the fence_virsh device parameters ip, ipport, username, identity_file and plug.
struct FenceEndpoint {
  std::string address;                       // ip: the host's address on the mgmt network
  int port = 22;                             // ipport: 22, or 2222 when 22 was taken there
  std::string login = "root";                // username
  std::string guest_key_path;                // identity_file, inside each target guest (0600)
  std::map<std::string, std::string> domains;  // plug: target node -> its libvirt domain
};

class LibvirtLab final : public Lab,
                         public Pausable,
                         public Snapshottable,
                         public HostScheduled,
                         public Reimageable {
 public:
  // A lab to be created by provision().
  LibvirtLab(LibvirtLabOptions opts, Clock& clock);
  // Re-attaches to an existing lab through its lab.json; throws LabError if there is none.
  static std::unique_ptr<LibvirtLab> attach(const std::string& lab_name, Clock& clock,
                                            std::function<void(const std::string&)> progress = {});
  ~LibvirtLab() override;

  std::string describe() const override;
  void provision(const Deadline& deadline) override;
  std::vector<NodeInfo> nodes() const override;
  Remote& remote(const std::string& node) override;
  void power_off(const std::string& node, const Deadline& deadline) override;
  void power_on(const std::string& node, const Deadline& deadline) override;
  void reset(const std::string& node, const Deadline& deadline) override;
  void wait_ready(const std::string& node, const Deadline& deadline) override;
  void set_link(const std::string& node, const std::string& network, bool up,
                const Deadline& deadline) override;
  void watch_lifecycle(History& history) override;
  void unwatch_lifecycle() override;
  void teardown(const Deadline& deadline) override;
  std::int64_t suspend(const std::string& node, const Deadline& deadline) override;
  std::int64_t resume(const std::string& node, std::int64_t not_before_ns,
                      const Deadline& deadline) override;
  // lab_snapshot.cpp: internal snapshots (disks and memory) of every domain, taken while all are
  // paused; each carries the lab's run id in its description.
  void snapshot(const std::string& name, const Deadline& deadline) override;
  void revert(const std::string& name, const Deadline& deadline) override;
  // The domains' QEMU threads (qemu_threads.hpp); nothing for a hypervisor on another host.
  std::vector<GuestThreads> guest_threads() override;
  // lab_reimage.cpp: a new root overlay of another cached image and the domain redefined to
  // boot that image's kernel. A lab with a reimaged node is never reverted to its snapshot.
  std::string lab_image() const override { return opts_.image.recipe; }
  std::string image_of(const std::string& node) const override;
  void check_image(const std::string& image) const override;
  void reimage(const std::string& node, const std::string& image, const Deadline& deadline) override;

  const LabRecord& record() const { return rec_; }
  // "running", "shut off", "paused", "missing"...
  std::string domain_state(const std::string& node);
  // Link state of the node's NIC on `network` as libvirt has it.
  std::optional<bool> link_up(const std::string& node, const std::string& network);
  // The last `lines` lines of the node's serial console log.
  std::string console_tail(const std::string& node, std::size_t lines = 20) const;
  // The fencing endpoint of a provisioned lab; nullopt where there is none (remote URI, no
  // target node, not provisioned).
  std::optional<FenceEndpoint> fence_endpoint() const;
  // True if the lab's fencing sshd process is running.
  bool fence_sshd_running() const;
  // Duration of the last set_link libvirt call (ns), for the bench and the report.
  std::int64_t last_link_call_ns() const { return last_link_call_ns_; }

 private:
  LibvirtLab(LabRecord rec, Clock& clock, std::function<void(const std::string&)> progress);
  void say(const std::string& line) const;
  void connect(const Deadline& deadline);
  const RecordedNode& node_rec(const std::string& node) const;
  virt::DomainPtr owned_domain(const std::string& name);   // null if gone; throws if not ours
  virt::NetworkPtr owned_network(const std::string& name); // null if gone; throws if not ours
  void plan(const Deadline& deadline);
  void prepare_storage(const Deadline& deadline);  // the run pool and the image pool
  void make_files(const Deadline& deadline);
  void make_volumes(const std::string& node, const std::filesystem::path& config_disk);
  void create_networks();
  // lab_fencing.cpp: the host side of fence.agent.
  void plan_fence(const std::filesystem::path& dir);  // records names and ports, under the lock
  // Keys, passwords and configs on the host; the files each target gets (by node name).
  std::map<std::string, std::vector<FenceGuestFile>> make_fence_files(const Deadline& deadline);
  void start_fence(const Deadline& deadline);  // after create_networks: needs the address
  void start_fence_sshd(const Deadline& deadline);
  void start_fence_virtd(const Deadline& deadline);
  void start_bmcs(const Deadline& deadline);
  void create_domains();
  // The node's domain booting `image` (its kernel and initrd on the URI's host, its cmdline).
  DomainXmlParams domain_params(const RecordedNode& n, const HostImage& image,
                                const std::string& cmdline) const;
  void boot_all(const Deadline& deadline);
  void save();
  void close_remotes();  // the next call on a node opens a new ssh master
  void step_clocks(const Deadline& deadline);  // lab_snapshot.cpp
  void expect(const std::string& node, const std::string& what, std::int64_t start_ns);
  void cancel(const std::string& node, const std::string& what);
  // Finds the node's VM, waits until `not_before_ns` (if later than now, within `deadline`),
  // then calls f on it; returns the host monotonic time of the call.
  template <typename F>
  std::int64_t domain_call(const std::string& node, const char* what, const char* event, F&& f,
                           std::int64_t not_before_ns = 0, const Deadline* deadline = nullptr);

  LibvirtLabOptions opts_;
  Clock* clock_;
  LabRecord rec_;
  virt::Connection conn_;
  PoolPtr run_pool_;       // set by provision (prepare_storage)
  HostImage host_image_;   // the image's files on the URI's host
  std::mutex mu_;
  std::map<std::string, std::unique_ptr<Remote>> remotes_;
  std::unique_ptr<LifecycleWatch> watch_;
  std::int64_t last_link_call_ns_ = 0;
  std::mutex threads_mu_;                     // the starvation sampler's thread calls in
  std::unique_ptr<QemuThreads> qemu_threads_;  // made at the first guest_threads()
};

}  // namespace harness::lab
