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

#include "drivers/corosync/options.hpp"
#include "drivers/drbd/options.hpp"
#include "drivers/fence/options.hpp"
#include "drivers/fio/options.hpp"
#include "drivers/iscsi/options.hpp"
#include "drivers/ledger/options.hpp"
#include "drivers/libvirt/options.hpp"
#include "drivers/multipath/options.hpp"
#include "drivers/pacemaker/options.hpp"
#include "drivers/target/options.hpp"

namespace harness {

struct FaultStepRules;
using FaultKinds = std::vector<const FaultStepRules*>;  // see fault_kind.hpp

// The lab section: the lab's keys and the target driver's, each declared by its owner.
struct LabSpec : LabOptions, TargetOptions {};

// Settings of the system under test, by component; each component declares its keys in its own
// table (drivers/<component>/options.cpp), and receives its own struct.
struct Tunables {
  PacemakerOptions pacemaker;
  FenceOptions fence;
  CorosyncOptions corosync;
  MultipathOptions multipath;
  IscsiOptions iscsi;
  DrbdOptions drbd;
};

// The workload section: fio's keys (drivers/fio/options.hpp), and the acknowledged-write ledger
// beside it when "ledger" is given (drivers/ledger/options.hpp, docs/LEDGER.md).
struct WorkloadSpec : FioOptions {
  std::optional<LedgerOptions> ledger;
};

// Where the ledger's region starts: fio's region rounded up to a MiB (whole ledger blocks).
std::uint64_t ledger_offset_bytes(const WorkloadSpec& w);
// Bytes of the device the workload touches: fio's region, and the ledger's after it.
std::uint64_t workload_region_bytes(const WorkloadSpec& w);

// A fault step's fault, whatever its kind: the scenario layer keeps the kind's name, its target,
// its duration and the kind's own keys; what those keys may be is declared by each kind
// (harness/scenario/fault_kind.hpp, declarations in drivers/faults/<kind>.cpp).
struct FaultSpec {
  std::string kind;                  // a declared fault kind: link_cut, node_kill, ...
  std::string target;                // role (active|standby|initiator) or node (n1|n2)
  std::optional<double> duration_s;  // pause (required), others: heal after this long
  nlohmann::json options = nlohmann::json::object();  // the kind's own keys, defaults filled in
  bool permanent = false;            // the kind's FaultStepRules::permanent, set by the reader

  // One of the kind's keys; empty (or nullopt) when absent or of another JSON type.
  std::string option_string(std::string_view key) const;
  std::optional<std::int64_t> option_integer(std::string_view key) const;
  std::vector<std::string> option_strings(std::string_view key) const;
};

// Bounds a random step draws a number of seconds from, both included.
struct SecondsRange {
  double min_s = 0;
  double max_s = 0;
};

// One fault a random step may draw, as the file gives it: the kind and its keys (defaults filled
// in), the target unless the step draws it from `targets`, and its own duration if it has one.
struct FaultTemplate {
  FaultSpec fault;                          // target empty when drawn from RandomStep::targets
  std::optional<SecondsRange> duration_s;   // the template's own ([x, x] for a plain number)
};

// A step drawn at random (docs/SCENARIO-FORMAT.md, "Random steps"): which fault, which target,
// when and for how long, each within the bounds given here. draw_schedule (schedule.hpp) turns
// it into an ordinary fault step from the run's seed; the runner only ever sees drawn steps.
struct RandomStep {
  static constexpr std::size_t kMaxFaults = 16;
  std::vector<FaultTemplate> faults;        // one is drawn (1 to kMaxFaults)
  std::vector<std::string> targets;         // one is drawn; empty: each template has its own
  SecondsRange at_s;                        // the instant is drawn from it
  std::optional<SecondsRange> duration_s;   // for templates without their own; none: no duration
};

struct Step {
  std::size_t index = 0;          // position in the file's "steps" array
  std::string id;                 // "id" from the file, or "step<index>"
  double at_s = 0;                // seconds after the workload starts (random: the earliest)
  std::optional<FaultSpec> fault; // exactly one of fault / heals / random
  std::optional<std::string> heals;  // id of an earlier fault step
  std::optional<RandomStep> random;  // a fault step still to be drawn
};

struct Expect {
  double path_switch_max_s = 30;       // longest tolerated I/O stall around a fault
  std::int64_t io_errors_max = 0;      // I/O errors the workload may see
  std::string integrity = "intact";    // intact (every acknowledged write readable) | any
  std::vector<std::string> fenced;     // roles or nodes fenced exactly once, in any order
  std::vector<std::string> survivors;  // roles or nodes that must be up at the end
  // SCSI-3 persistent reservations across the failover: "kept" | "lost"; empty: not checked
  // (the reservations probe does not run).
  std::string reservations;
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

// A step's latest instant: its at_s, or the end of a random step's window.
double latest_at_s(const Step& step);
// The longest its fault may last before it heals itself: a fault step's duration_s, the longest
// a random step may draw; nullopt when it has none (it is healed by a step or at the end).
std::optional<double> longest_duration_s(const Step& step);

// Roles and node names a step target or an expectation may use.
bool is_role(std::string_view s);     // active, standby, initiator
bool is_node_name(std::string_view s);  // n1, n2, initiator

}  // namespace harness
