#pragma once
// Kills a daemon on the node with SIGKILL, as a crash would:
//   pgrep -x <name>                                  (the pids, recorded as data.pids)
//   pkill --signal KILL --exact <name>               (the fault instant is stamped here)
// An exit status of 1 from pkill (nothing matched) is an error: the scenario meant to kill
// something that was not running. Heal, best effort: `systemctl start <unit>` for the daemon's
// unit — unless the node rebooted meanwhile (fenced: its boot id changed), in which case the
// daemon came back with the boot and the heal records data.skipped instead. Pacemaker may also
// have restarted the daemon already; starting an active unit is harmless. A node that cannot be
// reached at heal time is an error (the harness cannot tell what state it is in).
#include <string>
#include <vector>

#include "drivers/faults/recorded_fault.hpp"

namespace harness {

// The systemd unit that brings `process` back: pacemaker's sub-daemons belong to
// pacemaker.service, sshd to ssh.service; anything else is assumed to be its own unit.
std::string unit_for_process(const std::string& process);

class ProcessKill final : public RecordedFault {
 public:
  ProcessKill(const FaultSpec& spec, std::string node, Lab& lab, Clock& clock);
  const std::vector<long>& killed_pids() const { return pids_; }

 protected:
  nlohmann::json do_inject(const Deadline& deadline) override;
  nlohmann::json do_heal(const Deadline& deadline) override;
  std::string detail() const override { return spec().option_string("process"); }

 private:
  Lab& lab_;
  std::vector<long> pids_;
  std::string boot_id_;  // before the kill
};

}  // namespace harness
