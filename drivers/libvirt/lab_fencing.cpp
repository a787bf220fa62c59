// LibvirtLab's host side of fencing, per fence.agent (docs/FENCING.md):
//   fence_virsh       the fence sshd with fence-shell (fence_sshd.hpp)
//   external/libvirt  the fence sshd with the libvirt proxy login
//   fence_xvm         fence_virtd on the run's multicast group (fence_daemons.hpp)
//   fence_ipmilan     one ipmi_sim per target node (fence_daemons.hpp)
// Names and ports are recorded at plan time (under the host lock), secrets are made with the
// node files and go to the host's fence directory (0700) and the targets' config disks only.
#include <sys/stat.h>

#include <fstream>

#include <fmt/format.h>

#include "drivers/fence/fence_virtd_conf.hpp"
#include "drivers/fence/guest_paths.hpp"
#include "drivers/fence/ipmi_sim_conf.hpp"
#include "drivers/fence/options.hpp"
#include "drivers/libvirt/daemons.hpp"
#include "drivers/libvirt/fence_daemons.hpp"
#include "drivers/libvirt/fence_sshd.hpp"
#include "drivers/libvirt/libvirt_lab.hpp"
#include "drivers/libvirt/node_files.hpp"
#include "drivers/shipped_file.hpp"
#include "harness/core/errors.hpp"

namespace harness::lab {

namespace fs = std::filesystem;

namespace {

// `n` characters of [A-Za-z0-9] from the kernel's random source (62 symbols: ~5.95 bits each).
std::string random_token(std::size_t n) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::ifstream in("/dev/urandom", std::ios::binary);
  std::string out;
  while (out.size() < n) {
    unsigned char c = 0;
    if (!in.read(reinterpret_cast<char*>(&c), 1)) throw LabError("fencing: cannot read /dev/urandom");
    if (c < 248) out += kAlphabet[c % 62];  // 248 = 4 * 62: no modulo bias
  }
  return out;
}

std::string guest_file(const std::string& absolute) { return "root" + absolute; }

bool uses_sshd(const std::string& agent) { return agent == kFenceVirsh || agent == kExternalLibvirt; }

}  // namespace

void LibvirtLab::plan_fence(const fs::path& dir) {
  const std::string& agent = opts_.fence_agent;
  if (agent != kFenceVirsh && agent != kFenceXvm && agent != kExternalLibvirt && agent != kFenceIpmilan)
    throw ScenarioError(fmt::format("fence.agent: expected one of fence_virsh, fence_xvm, "
                                    "external/libvirt, fence_ipmilan, found \"{}\"", agent));
  FenceFiles ff = fence_files(dir, rec_.run_id);
  rec_.fence.agent = agent;
  rec_.fence.address = host_address(rec_.block, *default_topology().network("mgmt"));
  if (uses_sshd(agent)) {
    rec_.fence.config = ff.config().string();  // recorded before the process exists
    rec_.fence.key = ff.client_key().string();
  } else if (agent == kFenceXvm) {
    XvmFiles xf{ff.dir, rec_.run_id};
    rec_.fence.key = xf.key().string();
    rec_.fence.xvm_group = fence_xvm_group_of_block(rec_.block);
    rec_.fence.virtd.config = xf.config().string();
    rec_.fence.virtd.port = fence_xvm_port_of_block(rec_.block);
  } else {
    rec_.fence.bmc_user = "harness";
    int index = 0;
    for (const auto& n : rec_.nodes) {
      if (n.role != "target") continue;
      FenceDaemonRecord b;
      b.node = n.name;
      b.config = BmcFiles{ff.dir, rec_.run_id, n.name}.config().string();
      b.port = bmc_port_of(rec_.block, ++index);
      rec_.fence.bmcs.push_back(b);
    }
  }
}

std::map<std::string, std::vector<FenceGuestFile>> LibvirtLab::make_fence_files(
    const Deadline& deadline) {
  FenceFiles ff = fence_files(rec_.dir, rec_.run_id);
  fs::create_directories(ff.dir);
  ::chmod(ff.dir.c_str(), 0700);  // keys; sshd's StrictModes wants no group/world write anyway
  std::vector<const RecordedNode*> targets;
  for (const auto& n : rec_.nodes)
    if (n.role == "target") targets.push_back(&n);
  std::map<std::string, std::vector<FenceGuestFile>> out;
  const std::string& agent = rec_.fence.agent;

  if (uses_sshd(agent)) {
    std::string client_pub = make_ssh_key(ff.client_key(), "fence-" + rec_.run_id, deadline);
    std::string host_pub = make_ssh_key(ff.host_key(), "fence-sshd-" + rec_.run_id, deadline);
    std::vector<std::string> from, domains;
    for (const auto* n : targets) {
      from.push_back(n->addresses.at("mgmt"));
      domains.push_back(n->domain);
    }
    std::string login;
    if (agent == kFenceVirsh) {
      std::string virsh = find_system_program("virsh");
      if (virsh.empty()) throw LabError("fencing: virsh is not installed on this host (libvirt-clients)");
      login = render_fence_shell(virsh, rec_.uri, domains, rec_.run_id);
    } else {
      std::string helper = find_system_program("virt-ssh-helper");
      if (helper.empty())
        throw LabError("fencing: external/libvirt needs virt-ssh-helper on this host (libvirt-daemon)");
      login = render_fence_libvirt_proxy(helper, rec_.uri, rec_.run_id);
    }
    const bool pty = agent == kFenceVirsh;
    write_tree(ff.dir, {{ff.authorized_keys().filename().string(),
                         {render_fence_authorized_key(client_pub, from, ff.shell(), pty), 0600}},
                        {ff.shell().filename().string(), {login, 0700}}});
    auto files = fence_guest_files(read_text(ff.client_key()),
                                   fence_known_hosts_line(rec_.fence.address, host_pub));
    for (const auto* n : targets) out[n->name] = files;
  } else if (agent == kFenceXvm) {
    XvmFiles xf{ff.dir, rec_.run_id};
    // 512 bits; fence_xvm and fence_virtd hash the file's bytes, whatever they are.
    const std::string key = random_token(86);
    FenceVirtdParams p;
    p.lab = rec_.lab;
    p.run_id = rec_.run_id;
    p.interface = bridge_name(rec_.tag, *default_topology().network("mgmt"));
    p.group = rec_.fence.xvm_group;
    p.port = rec_.fence.virtd.port;
    p.key_file = xf.key().string();
    p.uri = rec_.uri;
    for (const auto* n : targets) {
      p.allowed_ips.push_back(n->addresses.at("mgmt"));
      p.domains.push_back(n->domain);
    }
    write_tree(ff.dir, {{xf.key().filename().string(), {key, 0600}},
                        {xf.config().filename().string(), {render_fence_virtd_conf(p), 0600}}});
    for (const auto* n : targets) out[n->name] = {{guest_file(kGuestFenceXvmKey), key, 0600}};
  } else {  // fence_ipmilan
    const std::string chassis = read_shipped_file(kBmcChassisScript);
    std::map<std::string, TreeFile> tree = {{"bmc-chassis", {chassis, 0700}}};
    std::map<std::string, std::string> passwords;
    for (const auto& b : rec_.fence.bmcs) {
      BmcFiles bf{ff.dir, rec_.run_id, b.node};
      BmcParams p;
      p.lab = rec_.lab;
      p.run_id = rec_.run_id;
      p.node = b.node;
      p.address = rec_.fence.address;
      p.port = b.port;
      p.user = rec_.fence.bmc_user;
      p.password = passwords[b.node] = random_token(16);
      p.chassis_script = bf.chassis().string();
      p.uri = rec_.uri;
      p.domain = node_rec(b.node).domain;
      tree[bf.config().filename().string()] = {render_bmc_lan_conf(p), 0600};
      tree[bf.emu().filename().string()] = {render_bmc_emu(), 0600};
    }
    write_tree(ff.dir, tree);
    // Each target holds the passwords of the BMCs it may power off: its peers'.
    for (const auto* n : targets)
      for (const auto& [node, pw] : passwords)
        if (node != n->name)
          out[n->name].push_back({guest_file(guest_bmc_password_path(node)), pw + "\n", 0600});
  }
  return out;
}

void LibvirtLab::start_fence(const Deadline& deadline) {
  if (rec_.fence.address.empty()) return;
  if (uses_sshd(rec_.fence.agent)) start_fence_sshd(deadline);
  else if (rec_.fence.agent == kFenceXvm) start_fence_virtd(deadline);
  else start_bmcs(deadline);
}

void LibvirtLab::start_fence_virtd(const Deadline& deadline) {
  std::string program = find_system_program(kFenceVirtdExe);
  if (program.empty())
    throw LabError("fencing: fence_xvm needs fence_virtd on this host (apt-get install fence-virtd)");
  XvmFiles xf{fence_files(rec_.dir, rec_.run_id).dir, rec_.run_id};
  std::int64_t pid = lab::start_fence_virtd(program, xf, rec_.fence.virtd.port, deadline);
  rec_.fence.virtd.pid = pid;
  rec_.fence.virtd.pid_start = process_start_time(pid);
  std::ofstream(xf.pid_file()) << pid << "\n";
  save();
  say(fmt::format("fencing: fence_virtd (pid {}) on group {} port {} of {} for fence_xvm from the "
                  "targets (key {})",
                  pid, rec_.fence.xvm_group, rec_.fence.virtd.port,
                  bridge_name(rec_.tag, *default_topology().network("mgmt")), kGuestFenceXvmKey));
}

void LibvirtLab::start_bmcs(const Deadline& deadline) {
  std::string program = find_system_program(kIpmiSimExe);
  if (program.empty())
    throw LabError("fencing: fence_ipmilan needs ipmi_sim on this host (apt-get install openipmi)");
  if (find_system_program("virsh").empty())
    throw LabError("fencing: the BMCs' chassis control needs virsh on this host (libvirt-clients)");
  FenceFiles ff = fence_files(rec_.dir, rec_.run_id);
  for (auto& b : rec_.fence.bmcs) {
    std::int64_t pid = start_bmc(program, BmcFiles{ff.dir, rec_.run_id, b.node}, rec_.fence.address,
                                 b.port, deadline);
    b.pid = pid;
    b.pid_start = process_start_time(pid);
    save();
    say(fmt::format("fencing: BMC of {} (ipmi_sim pid {}) on {}:{} for fence_ipmilan", b.node, pid,
                    rec_.fence.address, b.port));
  }
}

void LibvirtLab::start_fence_sshd(const Deadline& deadline) {
  FenceFiles ff = fence_files(rec_.dir, rec_.run_id);
  std::string sshd = find_system_program("sshd");
  if (sshd.empty())
    throw LabError("fencing: the host has no sshd (openssh-server): " + rec_.fence.agent +
                   " in the guests logs in to it");
  if (std::string bad = insecure_directory(ff.authorized_keys()); !bad.empty())
    throw LabError(fmt::format("fencing: sshd (StrictModes) refuses keys under {}: every directory "
                               "above the lab's must be root-owned and not group/world-writable "
                               "(set HARNESS_STATE_DIR elsewhere)", bad));
  FenceSshdParams p;
  p.lab = rec_.lab;
  p.run_id = rec_.run_id;
  p.listen_address = rec_.fence.address;
  p.files = ff;
  p.use_pam = root_password_locked();
  p.pty = rec_.fence.agent == kFenceVirsh;
  std::string why;
  for (int port : {kFencePort, kFenceAltPort}) {
    if (!tcp_port_bindable(p.listen_address, port)) {
      why += fmt::format("{}:{} is taken; ", p.listen_address, port);
      continue;
    }
    p.port = port;
    write_tree(ff.dir, {{ff.config().filename().string(), {render_fence_sshd_config(p), 0600}}});
    rec_.fence.port = port;
    save();
    std::int64_t pid = 0;
    try {
      pid = lab::start_fence_sshd(sshd, ff, deadline);
    } catch (const LabError& e) {
      // Taken between the probe and sshd's bind: try the next port.
      if (std::string(e.what()).find("Address already in use") == std::string::npos) throw;
      why += fmt::format("{}:{}: {}; ", p.listen_address, port, e.what());
      continue;
    }
    rec_.fence.pid = pid;
    rec_.fence.pid_start = process_start_time(pid);
    save();
    say(fmt::format("fencing: sshd on {}:{} (pid {}) for {} from the targets (key {})",
                    p.listen_address, port, pid, rec_.fence.agent, kFenceGuestKeyPath));
    return;
  }
  rec_.fence.port = 0;
  save();
  throw LabError("fencing: no port for the host's sshd on the management network: " + why);
}

}  // namespace harness::lab
