// lan.conf (ipmi_lan(5)) and the ipmi_sim command file (ipmi_sim_cmd(5)).
#include "drivers/fence/ipmi_sim_conf.hpp"

#include <cstdint>

#include <fmt/format.h>

#include "drivers/deploy_plan.hpp"
#include "harness/core/errors.hpp"
#include "harness/scenario/seeded_draws.hpp"

namespace harness {
namespace {

void check_plain(const std::string& v, const char* what) {
  if (v.empty() || has_shell_metachar(v))
    throw LabError(fmt::format("BMC: {} \"{}\" is empty or holds a character that lan.conf or "
                               "its shell cannot take",
                               what, v));
  for (unsigned char c : v)
    if (c <= ' ' || c == 0x7f)
      throw LabError(fmt::format("BMC: {} \"{}\" holds whitespace or a control character", what, v));
}

void check_word(const std::string& v, const char* what, std::size_t max) {
  if (v.empty() || v.size() > max || v.find_first_not_of("abcdefghijklmnopqrstuvwxyz"
                                                         "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") !=
                                         std::string::npos)
    throw LabError(fmt::format("BMC: {} must be 1..{} characters of [A-Za-z0-9_-]", what, max));
}

// A stable GUID per BMC (IPMI 2.0 clients read it): FNV-1a of its name, twice.
std::string guid_of(const std::string& name) {
  return fmt::format("{:016x}{:016x}", fnv1a64(name), fnv1a64(name + "/guid"));
}

}  // namespace

std::string bmc_name(const std::string& run_id, const std::string& node) {
  return "bmc-" + run_id + "-" + node;
}

int bmc_port_of(int block, int node_index) { return 16230 + 8 * block + node_index; }

std::string render_bmc_lan_conf(const BmcParams& p) {
  if (!is_ipv4(p.address)) throw LabError(fmt::format("BMC: \"{}\" is not an IPv4 address", p.address));
  if (p.port < 1 || p.port > 65535) throw LabError(fmt::format("BMC: bad port {}", p.port));
  check_word(p.node, "node", 32);
  check_word(p.run_id, "run id", 64);
  check_word(p.user, "user", 16);
  check_word(p.password, "password", 16);  // IPMI 1.5 passwords hold at most 16 bytes
  check_plain(p.chassis_script, "chassis script");
  check_plain(p.uri, "libvirt URI");
  check_plain(p.domain, "domain");
  const std::string name = bmc_name(p.run_id, p.node);
  std::string s = fmt::format(
      "# Simulated BMC of node {} in lab {} run {} (written by the harness,\n"
      "# drivers/fence/ipmi_sim_conf.hpp): fence_ipmilan in the peer target powers this node's\n"
      "# libvirt domain through it.\n",
      p.node, p.lab, p.run_id);
  s += fmt::format("name \"{}\"\n\n", name);
  s += "set_working_mc 0x20\n";
  s += "  startlan 1\n";
  s += fmt::format("    addr {} {}\n", p.address, p.port);
  s += "    priv_limit admin\n";
  // MD5 only under IPMI 1.5; RMCP+ (lanplus) authenticates with the user's password itself.
  for (const char* level : {"callback", "user", "operator", "admin"})
    s += fmt::format("    allowed_auths_{} md5\n", level);
  s += fmt::format("    guid {}\n", guid_of(name));
  s += "  endlan\n";
  s += fmt::format("  chassis_control \"{} {} {}\"\n", p.chassis_script, p.uri, p.domain);
  // User 1 (anonymous) is not defined: no login without the run's credentials.
  s += fmt::format("  user 2 true \"{}\" \"{}\" admin 4 md5\n", p.user, p.password);
  return s;
}

std::string render_bmc_emu() {
  // The BMC at 0x20: device id 0x23, revision 9, firmware 8.0x9f... as OpenIPMI's own example;
  // device support 0x9f includes the chassis device (0x80), which power control needs.
  return "# Command file of a harness BMC (drivers/fence/ipmi_sim_conf.hpp).\n"
         "mc_setbmc 0x20\n"
         "mc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02\n"
         "mc_enable 0x20\n";
}

}  // namespace harness
