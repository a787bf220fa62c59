#include "drivers/faults/ring_loss.hpp"

#include <arpa/inet.h>

#include <fmt/format.h>

#include "drivers/faults/boot_id.hpp"
#include "drivers/faults/fault_kind.hpp"
#include "harness/core/errors.hpp"
#include "harness/scenario/json_reader.hpp"

namespace harness {

std::string ring_loss_table(const std::string& run_id, int ring) {
  std::string id;
  for (char c : run_id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) throw ScenarioError("ring_loss: run id '" + run_id + "' is not [a-z0-9-]");
    id += c == '-' ? '_' : c;
  }
  if (id.empty()) throw ScenarioError("ring_loss: no run id to name the nft table after");
  return fmt::format("harness_{}_ring{}", id, ring);
}

std::string ring_loss_ruleset(const std::string& table, const std::string& address) {
  in_addr parsed{};
  if (inet_pton(AF_INET, address.c_str(), &parsed) != 1)
    throw LabError("ring_loss: '" + address + "' is not an IPv4 address");
  // Priority -300 (raw): before anything else in the guest could accept the datagram.
  return fmt::format(
      "table inet {0} {{\n"
      "  chain input {{\n"
      "    type filter hook input priority -300; policy accept;\n"
      "    ip daddr {1} meta l4proto udp drop\n"
      "  }}\n"
      "  chain output {{\n"
      "    type filter hook output priority -300; policy accept;\n"
      "    ip saddr {1} meta l4proto udp drop\n"
      "  }}\n"
      "}}\n",
      table, address);
}

RingLoss::RingLoss(const FaultSpec& spec, std::string node, Lab& lab, Clock& clock,
                   const std::string& run_id)
    : RecordedFault(spec, std::move(node), clock), lab_(lab) {
  const auto ring = spec.option_integer("ring");
  if (!ring || (*ring != 0 && *ring != 1)) throw ScenarioError("ring_loss: `ring` must be 0 or 1");
  ring_ = static_cast<int>(*ring);
  table_ = ring_loss_table(run_id, ring_);
}

std::string RingLoss::detail() const { return fmt::format("ring{}", ring_); }

std::string RingLoss::address() const {
  std::string net = fmt::format("ring{}", ring_);
  for (const auto& n : lab_.nodes())
    if (n.name == node()) return n.address(net);
  throw LabError(node() + ": not a node of this lab");
}

nlohmann::json RingLoss::do_inject(const Deadline& deadline) {
  std::string addr = address();
  std::string rules = ring_loss_ruleset(table_, addr);
  Remote& remote = lab_.remote(node());
  boot_id_ = read_boot_id(remote, deadline);
  mark_action();
  remote.check({"nft", "-f", "-"}, deadline, rules);
  return {{"nft_table", table_}, {"address", addr}};
}

nlohmann::json RingLoss::do_heal(const Deadline& deadline) {
  // Fenced off (what a peer does when corosync dies), or rebooted since: nothing to undo.
  if (auto why = nothing_to_heal(lab_.remote(node()), boot_id_, deadline); !why.empty())
    return {{"skipped", why}};
  lab_.remote(node()).check({"nft", "delete", "table", "inet", table_}, deadline);
  return nlohmann::json::object();
}

const FaultKind& ring_loss_fault_kind() {
  static const FaultKind kind{
      .step = {.name = "ring_loss",
               .doc = "Corosync's UDP on one ring of the node is dropped (an nft table named for "
                      "the run); the NIC, and DRBD's replication on ring0, stay up",
               .targets = kTargetNodes,
               .options = {{.key = "ring",
                            .required = true,
                            .expected = "a ring number, 0 or 1",
                            .doc = "0 or 1",
                            .read = [](const OptionSite& site, const nlohmann::json& v)
                                -> std::optional<nlohmann::json> {
                              auto ring = read_integer(site.diag, v, site.pointer,
                                                       IntRule{0, 1, "a ring number"});
                              if (!ring) return std::nullopt;
                              return nlohmann::json(*ring);
                            },
                            .schema = {{"enum", {0, 1}}}}}},
      .make = [](const FaultSpec& spec, const std::string& node, FaultEnv& env) -> std::unique_ptr<Fault> {
        return std::make_unique<RingLoss>(spec, node, env.lab, env.clock, env.run_id);
      }};
  return kind;
}

}  // namespace harness
