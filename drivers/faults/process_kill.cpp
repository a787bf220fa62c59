#include "drivers/faults/process_kill.hpp"

#include <sstream>

#include "drivers/faults/boot_id.hpp"
#include "harness/core/errors.hpp"

namespace harness {

namespace {
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
  if (spec.process.empty()) throw ScenarioError("process_kill: `process` names no daemon");
}

nlohmann::json ProcessKill::do_inject(const Deadline& deadline) {
  Remote& remote = lab_.remote(node());
  boot_id_ = read_boot_id(remote, deadline);
  // pgrep exits 1 when nothing matches; pkill below then says so with the same status.
  auto found = remote.run({"pgrep", "-x", spec().process}, deadline);
  if (found.exit_status == 0) pids_ = parse_pids(found.out);
  mark_action();
  std::vector<std::string> argv{"pkill", "--signal", "KILL", "--exact", spec().process};
  auto r = remote.run(argv, deadline);
  if (r.exit_status == 1)
    throw LabError(node() + ": no process named '" + spec().process + "' is running");
  if (r.exit_status != 0) throw LabError(describe_failure(node(), argv, r));
  return {{"pids", pids_}};
}

nlohmann::json ProcessKill::do_heal(const Deadline& deadline) {
  // Fenced off (what a peer does when corosync dies), or rebooted since: nothing to undo.
  if (auto why = nothing_to_heal(lab_.remote(node()), boot_id_, deadline); !why.empty())
    return {{"skipped", why}};
  lab_.remote(node()).check({"systemctl", "start", unit_for_process(spec().process)}, deadline);
  return nlohmann::json::object();
}

}  // namespace harness
