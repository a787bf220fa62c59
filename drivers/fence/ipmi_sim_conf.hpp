#pragma once
// One simulated BMC per target node (fence.agent fence_ipmilan): OpenIPMI's ipmi_sim with a
// lan.conf and a command file rendered here. The BMC listens on the host's address of the run's
// management network on a port of its own, accepts one admin user with the run's credentials
// over RMCP+ (and MD5 under IPMI 1.5; never "none" or "straight"), and its chassis power
// commands run the shipped `bmc-chassis` script (copied into the lab's fence directory) on the
// node's libvirt domain.
#include <string>

namespace harness {

inline constexpr const char* kBmcChassisScript = "drivers/fence/bmc-chassis";  // in the data dir

struct BmcParams {
  std::string lab, run_id, node;  // node: the target whose domain this BMC powers
  std::string address;            // the host's address on the run's mgmt network
  int port = 0;                   // UDP
  std::string user, password;     // the run's credentials (password: 1..16 characters)
  std::string chassis_script;     // absolute path of the lab's copy of bmc-chassis
  std::string uri, domain;        // passed to the script
};

// The lan.conf text. LabError if a value would break the file's or popen's quoting: paths, URI
// and domain must be plain (no whitespace, quotes, backslashes or shell metacharacters: ipmi_sim
// hands the chassis_control string to a shell), user and password [A-Za-z0-9_-].
std::string render_bmc_lan_conf(const BmcParams& p);

// The command file (-f): the BMC as management controller 0x20 with the chassis device.
std::string render_bmc_emu();

// The name ipmi_sim knows this BMC by (lan.conf `name`): "bmc-<run id>-<node>".
std::string bmc_name(const std::string& run_id, const std::string& node);

// The BMC's UDP port for node index `node_index` (1-based) of the run in subnet block `block`:
// 16230 + 8 * block + node_index, away from 623 (a real BMC daemon's) and from ephemeral ports.
int bmc_port_of(int block, int node_index);

}  // namespace harness
