#pragma once
// Faults that pull cables: the node's NIC on each listed network loses carrier
// (Lab::set_link down) and regains it on heal. Two fault kinds are this one mechanism
// (declared in link_cut.cpp and split_brain.cpp):
//   link_cut     the networks in `nics` (san0, ring1, ...);
//   split_brain  the NICs on ring0 and ring1 (both rings, and DRBD's replication link, which
//                runs over ring0), while the SAN stays up: both sides keep serving initiators.
#include <string>
#include <vector>

#include "drivers/faults/recorded_fault.hpp"

namespace harness {

class LinkFault final : public RecordedFault {
 public:
  LinkFault(const FaultSpec& spec, std::string node, Lab& lab, Clock& clock,
            std::vector<std::string> networks);
  const std::vector<std::string>& networks() const { return networks_; }

 protected:
  nlohmann::json do_inject(const Deadline& deadline) override;
  nlohmann::json do_heal(const Deadline& deadline) override;
  std::string detail() const override;

 private:
  Lab& lab_;
  std::vector<std::string> networks_;
};

// The networks each kind cuts; ScenarioError if the spec lacks what its kind needs.
std::vector<std::string> link_cut_networks(const FaultSpec& spec);
std::vector<std::string> split_brain_networks();

}  // namespace harness
