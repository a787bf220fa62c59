#include "drivers/faults/process_kill.hpp"

#include <sstream>

#include "drivers/faults/boot_id.hpp"
#include "drivers/faults/fault_kind.hpp"
#include "harness/core/errors.hpp"
#include "harness/scenario/json_reader.hpp"

namespace harness {

namespace {
// Daemons worth killing. DRBD and LIO/SCST live in the kernel: no process to kill.
const std::vector<std::string_view> kNodeDaemons = {
    "corosync",         "pacemakerd",         "pacemaker-based",    "pacemaker-controld",
    "pacemaker-execd",  "pacemaker-fenced",   "pacemaker-attrd",    "pacemaker-schedulerd"};
const std::vector<std::string_view> kInitiatorDaemons = {"iscsid", "multipathd"};

std::vector<long> parse_pids(const std::string& out) {
  std::vector<long> pids;
  std::istringstream in(out);
  long pid = 0;
  while (in >> pid) pids.push_back(pid);
  return pids;
}
}  // namespace

std::string unit_for_process(const std::string& process) {
  if (process == "pacemakerd" || process.rfind("pacemaker-", 0) == 0) return "pacemaker";
  if (process == "sshd") return "ssh";
  return process;  // corosync, multipathd, iscsid, ...
}

ProcessKill::ProcessKill(const FaultSpec& spec, std::string node, Lab& lab, Clock& clock)
    : RecordedFault(spec, std::move(node), clock), lab_(lab) {
  if (spec.option_string("process").empty())
    throw ScenarioError("process_kill: `process` names no daemon");
}

nlohmann::json ProcessKill::do_inject(const Deadline& deadline) {
  Remote& remote = lab_.remote(node());
  boot_id_ = read_boot_id(remote, deadline);
  // pgrep exits 1 when nothing matches; pkill below then says so with the same status.
  auto found = remote.run({"pgrep", "-x", spec().option_string("process")}, deadline);
  if (found.exit_status == 0) pids_ = parse_pids(found.out);
  mark_action();
  std::vector<std::string> argv{"pkill", "--signal", "KILL", "--exact", spec().option_string("process")};
  auto r = remote.run(argv, deadline);
  if (r.exit_status == 1)
    throw LabError(node() + ": no process named '" + spec().option_string("process") + "' is running");
  if (r.exit_status != 0) throw LabError(describe_failure(node(), argv, r));
  return {{"pids", pids_}};
}

nlohmann::json ProcessKill::do_heal(const Deadline& deadline) {
  // Fenced off (what a peer does when corosync dies), or rebooted since: nothing to undo.
  if (auto why = nothing_to_heal(lab_.remote(node()), boot_id_, deadline); !why.empty())
    return {{"skipped", why}};
  lab_.remote(node()).check({"systemctl", "start", unit_for_process(spec().option_string("process"))}, deadline);
  return nlohmann::json::object();
}

namespace {
std::optional<nlohmann::json> read_process(const OptionSite& site, const nlohmann::json& v) {
  // Which daemons exist depends on the target; with a bad target that is already reported.
  if (site.target.empty()) return std::nullopt;
  const auto& daemons = site.target == "initiator" ? kInitiatorDaemons : kNodeDaemons;
  auto p = read_choice(site.diag, v, site.pointer, daemons);
  if (!p) return std::nullopt;
  return nlohmann::json(*p);
}

nlohmann::ordered_json daemons_enum(std::vector<std::string_view> daemons) {
  return {{"properties", {{"process", {{"enum", daemons}}}}}};
}
}  // namespace

const FaultKind& process_kill_fault_kind() {
  std::vector<std::string_view> all = kNodeDaemons;
  all.insert(all.end(), kInitiatorDaemons.begin(), kInitiatorDaemons.end());
  static const FaultKind kind{
      .step = {.name = "process_kill",
               .doc = "a daemon of the node is killed with SIGKILL, as a crash; heal starts its "
                      "unit unless the node rebooted meanwhile",
               .targets = kAnyTarget,
               .options = {{.key = "process",
                            .required = true,
                            .expected = "a daemon: one of " + join_choices(kNodeDaemons, ", ") +
                                        ", " + join_choices(kInitiatorDaemons),
                            .doc = "target nodes: " + join_choices(kNodeDaemons, ", ") +
                                   "; initiator: " + join_choices(kInitiatorDaemons, ", "),
                            .read = read_process,
                            .schema = {{"enum", all}}}},
               .schema_extra = {{"if", {{"properties", {{"target", {{"const", "initiator"}}}}}}},
                                {"then", daemons_enum(kInitiatorDaemons)},
                                {"else", daemons_enum(kNodeDaemons)}}},
      .make = [](const FaultSpec& spec, const std::string& node, FaultEnv& env) -> std::unique_ptr<Fault> {
        return std::make_unique<ProcessKill>(spec, node, env.lab, env.clock);
      }};
  return kind;
}

}  // namespace harness
