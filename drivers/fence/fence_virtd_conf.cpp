// fence_virt.conf: a tree of `name { key = "value"; }` blocks (fence_virt.conf(5)).
#include "drivers/fence/fence_virtd_conf.hpp"

#include <fmt/format.h>

#include "drivers/deploy_plan.hpp"
#include "harness/core/errors.hpp"

namespace harness {
namespace {

std::string quoted(const std::string& v, const char* what) {
  if (v.empty()) throw LabError(fmt::format("fence_virtd: {} is empty", what));
  for (unsigned char c : v)
    if (c <= ' ' || c == '"' || c == '\\' || c == 0x7f)
      throw LabError(fmt::format("fence_virtd: {} \"{}\" holds a character fence_virt.conf cannot "
                                 "quote (whitespace, quote, backslash)",
                                 what, v));
  return "\"" + v + "\"";
}

}  // namespace

std::string fence_xvm_group_of_block(int block) { return fmt::format("239.255.213.{}", block); }
int fence_xvm_port_of_block(int block) { return 1230 + block; }

std::string render_fence_virtd_conf(const FenceVirtdParams& p) {
  if (!is_ipv4(p.group) || std::stoi(p.group) < 224 || std::stoi(p.group) > 239)
    throw LabError(fmt::format("fence_virtd: multicast group \"{}\" is not in 224.0.0.0/4", p.group));
  if (p.port < 1 || p.port > 65535) throw LabError(fmt::format("fence_virtd: bad port {}", p.port));
  if (p.allowed_ips.empty() || p.domains.empty())
    throw LabError("fence_virtd: no target may fence, or nothing to fence");
  for (const auto& ip : p.allowed_ips)
    if (!is_ipv4(ip)) throw LabError(fmt::format("fence_virtd: \"{}\" is not an IPv4 address", ip));
  std::string s = fmt::format(
      "# fence_virtd of lab {} run {} (written by the harness, drivers/fence/fence_virtd_conf.hpp).\n"
      "# fence_xvm in the target guests multicasts signed requests to this run's group; the\n"
      "# static map below lets only the targets' addresses fence only the targets' domains.\n",
      p.lab, p.run_id);
  s += "fence_virtd {\n\tlistener = \"multicast\";\n\tbackend = \"libvirt\";\n}\n\n";
  s += "listeners {\n\tmulticast {\n";
  s += fmt::format("\t\tkey_file = {};\n", quoted(p.key_file, "key file"));
  s += fmt::format("\t\taddress = {};\n", quoted(p.group, "group"));
  s += fmt::format("\t\tport = \"{}\";\n", p.port);
  s += fmt::format("\t\tinterface = {};\n", quoted(p.interface, "interface"));
  s += "\t\tfamily = \"ipv4\";\n\t\thash = \"sha256\";\n\t\tauth = \"sha256\";\n";
  s += "\t}\n}\n\n";
  s += fmt::format("backends {{\n\tlibvirt {{\n\t\turi = {};\n\t}}\n}}\n\n", quoted(p.uri, "URI"));
  s += "groups {\n\tgroup {\n";
  s += fmt::format("\t\tname = {};\n", quoted("run-" + p.run_id, "run id"));
  for (const auto& ip : p.allowed_ips) s += fmt::format("\t\tip = \"{}\";\n", ip);
  // `uuid` entries take domain names as well as UUIDs (fence_virt.conf(5)).
  for (const auto& d : p.domains) s += fmt::format("\t\tuuid = {};\n", quoted(d, "domain"));
  s += "\t}\n}\n";
  return s;
}

}  // namespace harness
