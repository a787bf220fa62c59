#pragma once
// A scenario is data: topology, tunables of the system under test, the workload, a timed list of
// fault and heal steps, and the expectations. Parsed and fully validated before anything starts.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace harness {

struct FaultStepRules;
using FaultKinds = std::vector<const FaultStepRules*>;  // see fault_kind.hpp

struct LabSpec {
  std::string kind = "libvirt";        // the only real lab so far
  std::string uri = "qemu:///system";  // overridden by --libvirt-uri
  std::string accel = "auto";          // auto|kvm|tcg
  std::string image = "default";       // vm-images recipe name
  std::string target_driver = "lio";   // lio|scst
  int vcpus = 1;
  int memory_mib = 1024;               // per node
  int data_disk_mib = 1024;            // DRBD backing disk of each target
};

// Settings of the system under test. Defaults follow the reference setup; every field is a
// documented key in the scenario's "tunables" object (see tunables.cpp for the table).
struct Tunables {
  bool pacemaker_stonith_enabled = true;     // pacemaker.stonith_enabled
  double pacemaker_resource_stickiness = 100;  // pacemaker.resource_stickiness
  int pacemaker_migration_threshold = 1;     // pacemaker.migration_threshold
  int pacemaker_dc_deadtime_s = 5;           // pacemaker.dc_deadtime_s (Pacemaker's own: 20)
  int pacemaker_load_threshold_pct = 400;    // pacemaker.load_threshold_pct (Pacemaker's: 80)
  double fence_delay_s = 5;                  // fence.delay_s (pcmk_delay_base on one device)
  std::string fence_delay_node = "n1";       // fence.delay_node: the node the delay protects
  std::string fence_agent = "fence_virsh";   // fence.agent: fence_virsh|fence_xvm
  int corosync_token_ms = 3000;              // corosync.token_ms
  int multipath_polling_interval_s = 1;      // multipath.polling_interval_s
  std::string multipath_no_path_retry = "queue";  // multipath.no_path_retry: "queue"|"fail"|N
  double iscsi_replacement_timeout_s = 5;    // iscsi.replacement_timeout_s
  double iscsi_noop_out_interval_s = 2;      // iscsi.noop_out_interval_s
  double iscsi_noop_out_timeout_s = 2;       // iscsi.noop_out_timeout_s
  std::string drbd_protocol = "C";           // drbd.protocol: A|B|C
  double drbd_ping_int_s = 2;                // drbd.ping_int_s
  int drbd_ping_timeout_ds = 5;              // drbd.ping_timeout_ds (tenths of a second)
  int drbd_timeout_ds = 15;                  // drbd.timeout_ds (tenths of a second)
  int drbd_ko_count = 7;                     // drbd.ko_count
};

struct WorkloadSpec {
  std::string engine = "fio";
  std::string rw = "randwrite";   // fio rw=
  std::string bs = "4k";          // fio bs=
  int iodepth = 4;
  int numjobs = 1;
  std::string size = "256M";      // region of the multipath device exercised
  double runtime_s = 60;          // seconds of load; faults are timed from its start
  double rate_iops = 0;           // 0 = unlimited
  std::string verify = "crc32c";  // fio verify= ("none" disables)
  bool readback_verify = true;    // read back everything written after the heal
};

// A fault step's fault, whatever its kind: the scenario layer keeps the kind's name, its target,
// its duration and the kind's own keys; what those keys may be is declared by each kind
// (harness/scenario/fault_kind.hpp, declarations in drivers/faults/<kind>.cpp).
struct FaultSpec {
  std::string kind;                  // a declared fault kind: link_cut, node_kill, ...
  std::string target;                // role (active|standby|initiator) or node (n1|n2)
  std::optional<double> duration_s;  // pause (required), others: heal after this long
  nlohmann::json options = nlohmann::json::object();  // the kind's own keys, defaults filled in

  // One of the kind's keys; empty (or nullopt) when absent or of another JSON type.
  std::string option_string(std::string_view key) const;
  std::optional<std::int64_t> option_integer(std::string_view key) const;
  std::vector<std::string> option_strings(std::string_view key) const;
};

struct Step {
  std::size_t index = 0;          // position in the file's "steps" array
  std::string id;                 // "id" from the file, or "step<index>"
  double at_s = 0;                // seconds after the workload starts
  std::optional<FaultSpec> fault; // exactly one of fault / heals
  std::optional<std::string> heals;  // id of an earlier fault step
};

struct Expect {
  double path_switch_max_s = 30;       // longest tolerated I/O stall around a fault
  std::int64_t io_errors_max = 0;      // I/O errors the workload may see
  std::string integrity = "intact";    // intact (every acknowledged write readable) | any
  std::vector<std::string> fenced;     // roles or nodes fenced exactly once, in any order
  std::vector<std::string> survivors;  // roles or nodes that must be up at the end
};

struct Scenario {
  std::filesystem::path file;
  std::string name;
  std::string description;
  LabSpec lab;
  Tunables tunables;
  WorkloadSpec workload;
  std::vector<Step> steps;
  Expect expect;
};

// Parse and validate. Every problem throws harness::ScenarioError whose message is
// "FILE: /json/pointer: expected ..., found ..." (line:column for syntax errors).
// `kinds` are the fault kinds steps may use; the harness's own list is applied by
// drivers/faults/load_scenario.hpp, which is what the CLI calls.
Scenario load_scenario(const std::filesystem::path& file, const FaultKinds& kinds);
Scenario parse_scenario(std::string_view text, const std::string& file_label, const FaultKinds& kinds);

// Roles and node names a step target or an expectation may use.
bool is_role(std::string_view s);     // active, standby, initiator
bool is_node_name(std::string_view s);  // n1, n2, initiator

}  // namespace harness
