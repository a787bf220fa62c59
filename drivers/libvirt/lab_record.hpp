#pragma once
// lab.json: the on-disk record of a lab. It is written BEFORE each resource is created, so a
// `harness lab up` killed at any instant leaves a record naming everything that may exist;
// status/ssh/down/cleanup re-attach to a lab through it after the creating process is gone.
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace harness::lab {

// Root of the harness's host state: $HARNESS_STATE_DIR or /var/lib/harness.
std::filesystem::path state_root();
std::filesystem::path labs_root();                         // <state>/labs
std::filesystem::path lab_dir(const std::string& lab_name);  // <state>/labs/<name>

struct RecordedNode {
  std::string name, role, domain;
  std::map<std::string, std::string> addresses;  // network -> IPv4
  std::map<std::string, std::string> macs;       // network -> MAC
  std::string console_log;
  std::string image;  // the recipe its root disk was reimaged to; empty: the lab's image
};

// A fence daemon other than the sshd (fence_daemons.hpp): fence_virtd, or one node's BMC.
struct FenceDaemonRecord {
  std::string node;              // the BMC's target node; empty for fence_virtd
  std::string config;            // recorded before the process starts: cleanup finds it by it
  int port = 0;                  // UDP
  std::int64_t pid = 0, pid_start = 0;
};

// The lab's host side of fencing. Every `config` is recorded before its process is started:
// its command line names that file, which is how teardown and cleanup find it.
struct FenceRecord {
  std::string agent = "fence_virsh";  // fence.agent the lab was provisioned for
  std::string address;           // the host's address on the mgmt network; empty: no fencing
  // fence_virsh and external/libvirt: the fence sshd (fence_sshd.hpp)
  int port = 0;                  // 0 until chosen (22, or 2222 when 22 is taken)
  std::string config;            // <lab dir>/fence/sshd-<run id>.conf; empty: no fence sshd
  std::string key;               // the guests' private key (or fence_xvm key) on the host
  std::int64_t pid = 0, pid_start = 0;
  // fence_xvm: fence_virtd and the run's multicast group
  std::string xvm_group;
  FenceDaemonRecord virtd;
  // fence_ipmilan: one BMC per target node, and the login on them (passwords are not recorded)
  std::vector<FenceDaemonRecord> bmcs;
  std::string bmc_user;
};

struct LabRecord {
  int version = 1;
  std::string lab, run_id, tag, uri, accel;
  int block = -1;
  std::string dir;
  std::int64_t owner_pid = 0, owner_start = 0;
  bool persistent = false;      // `lab up`: kept when the creating process ends normally
  std::string state = "creating";  // creating | ready | deleting
  std::string image_dir;
  // The run's storage pool on the URI's host (lab_storage.hpp) and its directory there: disks
  // and console logs live in it. Empty in records of labs made before pools.
  std::string pool, pool_dir;
  std::vector<std::string> networks;  // libvirt network names (recorded before defining)
  std::vector<std::string> bridges;
  std::vector<std::string> domains;   // libvirt domain names (recorded before defining)
  std::vector<RecordedNode> nodes;
  std::string ssh_key, known_hosts;
  FenceRecord fence;
  std::int64_t created_unix = 0;

  const RecordedNode* node(const std::string& name) const;
};

void to_json(nlohmann::json& j, const RecordedNode& n);
void from_json(const nlohmann::json& j, RecordedNode& n);
void to_json(nlohmann::json& j, const LabRecord& r);
void from_json(const nlohmann::json& j, LabRecord& r);

// Atomic write (temp file + fsync + rename): a kill leaves the old or the new record.
void save_record(const LabRecord& r, const std::filesystem::path& dir);
// nullopt if there is no lab.json; throws LabError naming the file if it is malformed.
std::optional<LabRecord> load_record(const std::filesystem::path& dir);

// /proc/PID/stat from field 3 (state) on: [0] state, [1] ppid, [19] starttime; empty if gone.
std::vector<std::string> proc_stat_fields(std::int64_t pid);
// Process identity that survives pid reuse: start time in clock ticks since boot (0 if gone).
std::int64_t process_start_time(std::int64_t pid);
bool process_alive(std::int64_t pid, std::int64_t start_time);

// An exclusive host-wide lock (flock on <labs>/.lock) held while a lab picks names and subnets
// and records them, so two `lab up` at once never pick the same block.
class HostLock {
 public:
  HostLock();
  ~HostLock();
  HostLock(const HostLock&) = delete;
  HostLock& operator=(const HostLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace harness::lab
