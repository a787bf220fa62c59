#pragma once
// Loses one Corosync ring of a node and nothing else. Corosync's knet is the only UDP on a ring
// address, while DRBD replicates over TCP on ring0; pulling the ring's cable (link_cut with
// nics ["ring0"]) would cut replication too, which is a different fault. So the node gets an
// nft table, named for the run, that drops every UDP datagram to or from its address on that
// ring (script on stdin, no shell):
//   cat /proc/sys/kernel/random/boot_id              (saved, for the heal)
//   nft -f -                                         (the fault instant is stamped here)
//     table inet harness_<run id>_ring<N> {
//       chain input  { type filter hook input priority -300; ... ip daddr <addr> meta l4proto udp drop }
//       chain output { type filter hook output priority -300; ... ip saddr <addr> meta l4proto udp drop }
//     }
// Heal: `nft delete table inet <name>` — unless the node rebooted meanwhile (the table went
// with the boot) or does not answer (fenced off): the heal then records data.skipped.
#include <string>

#include "drivers/faults/recorded_fault.hpp"

namespace harness {

// "harness_<run id with '-' as '_'>_ring<N>": the run's tag, so a table is only ever removed by
// the run that made it. ScenarioError if the run id is not [a-z0-9-].
std::string ring_loss_table(const std::string& run_id, int ring);
// The nft script that creates the table dropping UDP on `address` (IPv4, checked: LabError).
std::string ring_loss_ruleset(const std::string& table, const std::string& address);

class RingLoss final : public RecordedFault {
 public:
  RingLoss(const FaultSpec& spec, std::string node, Lab& lab, Clock& clock, const std::string& run_id);
  const std::string& table() const { return table_; }

 protected:
  nlohmann::json do_inject(const Deadline& deadline) override;
  nlohmann::json do_heal(const Deadline& deadline) override;
  std::string detail() const override;

 private:
  std::string address() const;

  Lab& lab_;
  int ring_ = 0;
  std::string table_;
  std::string boot_id_;  // before the inject
};

}  // namespace harness
