#pragma once
// Names, addresses and MACs of a libvirt lab, all derived from the run id so that two labs on
// one host never collide: a 6-hex-digit tag of the run id goes into every name (domains
// "h-3fa2c1-n1", networks "h-3fa2c1-san0", bridges "hb3fa2c1s0" <= 15 chars, MACs), and each
// lab gets its own block of /24 subnets, chosen after looking at what the host already uses.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace harness::lab {

// The default topology. Networks in NIC order (eth0 = mgmt on every node).
struct NetSpec {
  std::string name;   // mgmt, ring0, ring1, san0, san1
  std::string abbr;   // short form in bridge names: m, r0, r1, s0, s1
  int index = 0;      // subnet offset inside the lab's block, and MAC nic byte
  bool host_ip = false;  // the host gets .1 on it (mgmt only: harness ssh and fencing)
};
struct NodeSpec {
  std::string name;   // n1, n2, initiator
  std::string role;   // target | initiator
  int index = 0;      // MAC node byte
  int host_octet = 0; // last octet of its address on every network
  bool data_disk = false;
  std::vector<std::string> networks;
};
struct Topology {
  std::vector<NetSpec> networks;
  std::vector<NodeSpec> nodes;
  const NetSpec* network(std::string_view name) const;
  const NodeSpec* node(std::string_view name) const;
};
const Topology& default_topology();

// Lab names (from the CLI) and node/network names (from scenarios) are validated before any
// use in a path, a libvirt name or a command: lowercase letters, digits, '-', 1..24 chars.
bool valid_lab_name(std::string_view name);
void check_lab_name(std::string_view name);  // throws UsageError

// "<lab>-<yyyymmddThhmmss>-<6 random hex>": unique per `lab up`/`run`.
std::string make_run_id(std::string_view lab_name);
// 6 lowercase hex digits of a stable hash (FNV-1a) of the run id.
std::string run_tag(std::string_view run_id);
bool valid_tag(std::string_view tag);

std::string domain_name(std::string_view tag, std::string_view node);
std::string network_name(std::string_view tag, std::string_view net);
std::string bridge_name(std::string_view tag, const NetSpec& net);  // <= 15 chars
// Prefix every libvirt object of the tag starts with ("h-3fa2c1-").
std::string name_prefix(std::string_view tag);
// The tag in a name made by domain_name/network_name, if it is one.
std::optional<std::string> tag_of_name(std::string_view name);

// Locally administered unicast MAC: 52:<tag byte 0..2>:<node>:<nic>. Unique per lab, per NIC.
std::string mac_address(std::string_view tag, int node_index, int nic_index);

// IPv4 helpers (host byte order).
struct Ipv4Net {
  std::uint32_t addr = 0;
  int prefix = 24;
  bool overlaps(const Ipv4Net& o) const;
};
std::string ipv4_to_string(std::uint32_t a);
std::optional<std::uint32_t> parse_ipv4(std::string_view s);
std::optional<Ipv4Net> parse_cidr(std::string_view s);  // "10.0.0.1/24"
int netmask_to_prefix(std::uint32_t mask);

// Subnet blocks: block b holds the /24s 10.213.(8b+i).0 for network index i (32 blocks).
constexpr int kBlockCount = 32;
Ipv4Net block_subnet(int block, int net_index);
Ipv4Net block_range(int block);  // the /21 of the whole block
// The lowest block not overlapping any of `used` and not in `taken_blocks`; nullopt if none.
std::optional<int> allocate_block(const std::vector<Ipv4Net>& used,
                                  const std::vector<int>& taken_blocks);
std::string node_address(int block, const NetSpec& net, const NodeSpec& node);  // "10.213.3.11"
std::string host_address(int block, const NetSpec& net);                        // "10.213.0.1"

}  // namespace harness::lab
