// LibvirtLab::provision: plan names and subnets under the host lock and record them, choose the
// accelerator, make the node files, create networks and domains, boot in parallel and wait for
// SSH. lab.json is saved before each kind of object is created; any failure tears down what
// exists (by tag) before the error goes up, so a failed `lab up` leaves nothing behind.
#include <ifaddrs.h>
#include <netinet/in.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <exception>
#include <fstream>
#include <map>
#include <mutex>
#include <filesystem>
#include <thread>

#include <fmt/format.h>

#include "drivers/libvirt/accel.hpp"
#include "drivers/libvirt/daemons.hpp"
#include "drivers/libvirt/fence_sshd.hpp"
#include "drivers/libvirt/lab_storage.hpp"
#include "drivers/libvirt/libvirt_lab.hpp"
#include "drivers/libvirt/node_files.hpp"
#include "harness/core/errors.hpp"

namespace harness::lab {

namespace fs = std::filesystem;

namespace {
std::vector<Ipv4Net> host_interface_subnets() {
  std::vector<Ipv4Net> out;
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return out;
  for (ifaddrs* i = list; i; i = i->ifa_next) {
    if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET || !i->ifa_netmask) continue;
    auto* a = reinterpret_cast<sockaddr_in*>(i->ifa_addr);
    auto* m = reinterpret_cast<sockaddr_in*>(i->ifa_netmask);
    out.push_back({ntohl(a->sin_addr.s_addr), netmask_to_prefix(ntohl(m->sin_addr.s_addr))});
  }
  freeifaddrs(list);
  return out;
}

bool name_in_use(const virt::Connection& conn, const std::string& prefix, bool local,
                 const std::string& bridge_prefix) {
  for (auto& d : conn.all_domains())
    if (virt::Connection::domain_name(d.get()).rfind(prefix, 0) == 0) return true;
  for (auto& n : conn.all_networks())
    if (virt::Connection::network_name(n.get()).rfind(prefix, 0) == 0) return true;
  if (PoolPtr(virStoragePoolLookupByName(conn.get(), (prefix + "pool").c_str()))) return true;
  if (local) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator("/sys/class/net", ec))
      if (e.path().filename().string().rfind(bridge_prefix, 0) == 0) return true;
  }
  return false;
}

std::vector<const NodeSpec*> chosen_nodes(const std::vector<std::string>& names) {
  std::vector<const NodeSpec*> out;
  for (const auto& n : default_topology().nodes)
    if (names.empty() || std::find(names.begin(), names.end(), n.name) != names.end())
      out.push_back(&n);
  return out;
}

std::string key_fields(const std::string& pub) {  // "ssh-ed25519 AAAA..." without the comment
  auto sp1 = pub.find(' ');
  auto sp2 = sp1 == std::string::npos ? sp1 : pub.find(' ', sp1 + 1);
  std::string s = pub.substr(0, sp2);
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}
}  // namespace

void LibvirtLab::plan(const Deadline& deadline) {
  HostLock lock;
  fs::path dir = lab_dir(opts_.lab_name);
  std::error_code ec;
  if (fs::exists(dir, ec)) {
    std::optional<LabRecord> other;
    try {
      other = load_record(dir);
    } catch (const std::exception&) {
    }
    if (other)
      throw LabError(fmt::format(
          "lab name '{}' is already taken (run {}, state {}, owner pid {} {}); use `harness lab "
          "down --lab {}` or `harness cleanup`, or choose another name with --lab",
          opts_.lab_name, other->run_id, other->state, other->owner_pid,
          process_alive(other->owner_pid, other->owner_start) ? "alive" : "gone", opts_.lab_name));
    throw LabError(fmt::format("lab name '{}' is already taken ({} exists); run `harness cleanup`",
                               opts_.lab_name, dir.string()));
  }
  bool local = uri_is_local(rec_.uri);
  std::string run_id = opts_.run_id.empty() ? make_run_id(opts_.lab_name) : opts_.run_id;
  for (int attempt = 0;; ++attempt) {
    std::string tag = run_tag(run_id);
    if (!name_in_use(conn_, name_prefix(tag), local, "hb" + tag)) break;
    if (!opts_.run_id.empty() || attempt >= 8)
      throw LabError(fmt::format("names of tag {} are already taken on {}", tag, rec_.uri));
    run_id = make_run_id(opts_.lab_name);
  }
  deadline.check("plan lab");

  std::vector<Ipv4Net> used;
  for (auto& n : conn_.all_networks())
    for (const auto& s : network_host_subnets(conn_.network_xml(n.get()))) used.push_back(s);
  if (local)
    for (const auto& s : host_interface_subnets()) used.push_back(s);
  std::vector<int> taken;
  for (const auto& e : fs::directory_iterator(labs_root(), ec)) {
    try {
      if (auto r = load_record(e.path()); r && r->block >= 0) taken.push_back(r->block);
    } catch (const std::exception&) {
    }
  }
  auto block = allocate_block(used, taken);
  if (!block) throw LabError("no free block of subnets left in 10.213.0.0/16 on this host");

  rec_.run_id = run_id;
  rec_.tag = run_tag(run_id);
  rec_.block = *block;
  rec_.owner_pid = ::getpid();
  rec_.owner_start = process_start_time(rec_.owner_pid);
  rec_.persistent = opts_.persistent;
  rec_.state = "creating";
  rec_.image_dir = opts_.image.dir.string();
  rec_.created_unix = static_cast<std::int64_t>(std::time(nullptr));
  rec_.ssh_key = (dir / "id_ed25519").string();
  rec_.known_hosts = (dir / "known_hosts").string();
  rec_.pool = run_pool_name(rec_.tag);
  rec_.pool_dir = run_pool_dir(rec_.uri, rec_.tag);
  const Topology& topo = default_topology();
  for (const auto& net : topo.networks) {
    rec_.networks.push_back(network_name(rec_.tag, net.name));
    rec_.bridges.push_back(bridge_name(rec_.tag, net));
  }
  rec_.domains.push_back(domain_name(rec_.tag, "kvmprobe"));
  for (const NodeSpec* n : chosen_nodes(opts_.nodes)) {
    RecordedNode rn;
    rn.name = n->name;
    rn.role = n->role;
    rn.domain = domain_name(rec_.tag, n->name);
    for (const auto& net_name : n->networks) {
      const NetSpec* net = topo.network(net_name);
      rn.addresses[net_name] = node_address(*block, *net, *n);
      rn.macs[net_name] = mac_address(rec_.tag, n->index, net->index);
    }
    // On the URI's host, in the run pool: qemu writes it there (read back only when local).
    rn.console_log = (fs::path(rec_.pool_dir) / (n->name + "-console.log")).string();
    rec_.domains.push_back(rn.domain);
    rec_.nodes.push_back(std::move(rn));
  }
  // Fencing (the targets' agent to the host side of fence.agent): only where the management
  // network is on this host, and only if there is a target to fence.
  bool targets = std::any_of(rec_.nodes.begin(), rec_.nodes.end(),
                             [](const RecordedNode& n) { return n.role == "target"; });
  if (local && targets) plan_fence(dir);
  fs::create_directories(dir);
  ::chmod(lab_dir("").parent_path().c_str(), 0755);
  ::chmod(dir.c_str(), 0755);  // qemu (libvirt-qemu) must reach the disks and the console log
  save();
}

void LibvirtLab::make_files(const Deadline& deadline) {
  fs::path dir = rec_.dir;
  check_free_space(dir, std::uintmax_t(256) << 20, "the lab's config disks (built here, then uploaded)");
  std::string run_pub = make_ssh_key(rec_.ssh_key, "harness-" + rec_.run_id, deadline);
  const Topology& topo = default_topology();
  std::string hosts = "127.0.0.1\tlocalhost\n";
  for (const auto& n : rec_.nodes)
    for (const auto& [net, addr] : n.addresses)
      hosts += net == "mgmt" ? fmt::format("{}\t{}\n", addr, n.name)
                             : fmt::format("{}\t{}-{}\n", addr, n.name, net);
  hosts += fmt::format("{}\tharness-host\n", host_address(rec_.block, *topo.network("mgmt")));
  std::map<std::string, std::vector<FenceGuestFile>> fence_guest_files;  // per target node
  if (!rec_.fence.address.empty()) fence_guest_files = make_fence_files(deadline);
  std::string known_hosts;
  for (const auto& n : rec_.nodes) {
    fs::path nd = dir / n.name;
    fs::create_directories(nd);
    ::chmod(nd.c_str(), 0755);
    fs::path hostkey = nd / "ssh_host_ed25519_key";
    std::string host_pub = make_ssh_key(hostkey, "root@" + n.name, deadline);
    known_hosts += fmt::format("{} {}\n", n.addresses.at("mgmt"), key_fields(host_pub));
    std::vector<NodeNetwork> nics;
    for (const auto& [net, addr] : n.addresses)
      nics.push_back({net, n.macs.at(net), addr, net == "mgmt", net == "mgmt"});
    auto tree = config_tree(n.name, nics, run_pub, read_text(hostkey), host_pub, hosts);
    if (auto f = fence_guest_files.find(n.name); f != fence_guest_files.end())
      for (const auto& g : f->second) tree[g.path] = {g.content, g.mode};
    fs::path tree_dir = nd / "cfg";
    fs::remove_all(tree_dir);
    write_tree(tree_dir, tree);
    // Built here (mkfs.ext4 -d needs the tree), then uploaded to the URI's host.
    make_config_disk(tree_dir, nd / "hcfg.qcow2", deadline);
    make_volumes(n.name, nd / "hcfg.qcow2");
    deadline.check("node disks");
  }
  std::ofstream(rec_.known_hosts) << known_hosts;
}

std::optional<FenceEndpoint> LibvirtLab::fence_endpoint() const {
  if (rec_.fence.config.empty() || rec_.fence.port == 0 || rec_.fence.pid == 0) return std::nullopt;
  FenceEndpoint e;
  e.address = rec_.fence.address;
  e.port = rec_.fence.port;
  e.login = kFenceLogin;
  e.guest_key_path = kFenceGuestKeyPath;
  for (const auto& n : rec_.nodes)
    if (n.role == "target") e.domains[n.name] = n.domain;
  return e;
}

bool LibvirtLab::fence_sshd_running() const {
  return !rec_.fence.config.empty() && is_fence_sshd(rec_.fence.pid, rec_.fence.config);
}

void LibvirtLab::prepare_storage(const Deadline& deadline) {
  bool local = uri_is_local(rec_.uri);
  run_pool_ = ensure_pool(conn_, rec_.pool, rec_.pool_dir);
  host_image_ = ensure_image_pool(conn_, opts_.image, local, [this](const std::string& l) { say(l); });
  deadline.check("storage pools");
  say(fmt::format("storage: pool {} at {}, image pool {}", rec_.pool, rec_.pool_dir, host_image_.pool));
}

void LibvirtLab::make_volumes(const std::string& node, const fs::path& config_disk) {
  // Volume names are "<node>-<file>": a dir pool's volume path is its directory + name, which
  // create_domains relies on.
  // Every disk is qcow2: the lab's snapshot is internal (lab_snapshot.hpp).
  upload_volume(conn_, run_pool_.get(), node + "-hcfg.qcow2", config_disk);
  VolumeXmlParams root;
  root.name = node + "-root.qcow2";
  root.format = "qcow2";
  root.capacity = host_image_.disk_virtual_size;
  root.backing_path = host_image_.disk;
  create_volume(conn_, run_pool_.get(), root);
  if (default_topology().node(node)->data_disk) {
    VolumeXmlParams data;
    data.name = node + "-data.qcow2";
    data.format = "qcow2";
    data.capacity = std::uint64_t(opts_.data_disk_mib) << 20;
    create_volume(conn_, run_pool_.get(), data);
  }
}

void LibvirtLab::create_networks() {
  const Topology& topo = default_topology();
  bool local = uri_is_local(rec_.uri);
  for (const auto& net : topo.networks) {
    std::string name = network_name(rec_.tag, net.name);
    std::string bridge = bridge_name(rec_.tag, net);
    if (conn_.find_network(name))
      throw LabError(fmt::format("network name {} is already taken on {}", name, rec_.uri));
    std::error_code ec;
    if (local && fs::exists(fs::path("/sys/class/net") / bridge, ec))
      throw LabError(fmt::format("bridge name {} is already taken on this host", bridge));
    NetworkXmlParams p;
    p.name = name;
    p.bridge = bridge;
    if (net.host_ip) p.host_ip = host_address(rec_.block, net);
    p.owner = {rec_.run_id, rec_.lab, rec_.owner_pid, rec_.owner_start, rec_.dir};
    auto n = conn_.define_network(network_xml(p));
    if (virNetworkCreate(n.get()) < 0) conn_.fail("start network " + name);
  }
}

DomainXmlParams LibvirtLab::domain_params(const RecordedNode& n, const HostImage& image,
                                          const std::string& cmdline) const {
  const Topology& topo = default_topology();
  fs::path nd = rec_.pool_dir;
  DomainXmlParams p;
  p.name = n.domain;
  p.virt_type = rec_.accel == "kvm" ? "kvm" : "qemu";
  p.vcpus = opts_.vcpus;
  p.memory_mib = opts_.memory_mib;
  p.tb_cache_mib = opts_.tb_cache_mib;
  p.kernel = image.kernel;  // paths on the URI's host
  p.initrd = image.initrd;
  p.cmdline = fmt::format("{} systemd.hostname={}", cmdline, n.name);
  p.disks.push_back({nd / (n.name + "-root.qcow2"), "qcow2", "vda", "root", false});
  p.disks.push_back({nd / (n.name + "-hcfg.qcow2"), "qcow2", "vdb", "hcfg", false});
  if (topo.node(n.name)->data_disk)
    p.disks.push_back({nd / (n.name + "-data.qcow2"), "qcow2", "vdc", "data", false});
  for (const auto& net_name : topo.node(n.name)->networks)
    p.nics.push_back({n.macs.at(net_name), network_name(rec_.tag, net_name)});
  p.console_log = n.console_log;
  p.owner = {rec_.run_id, rec_.lab, rec_.owner_pid, rec_.owner_start, rec_.dir};
  return p;
}

void LibvirtLab::create_domains() {
  for (const auto& n : rec_.nodes) {
    if (conn_.find_domain(n.domain))
      throw LabError(fmt::format("domain name {} is already taken on {}", n.domain, rec_.uri));
    conn_.define_domain(domain_xml(domain_params(n, host_image_, opts_.image.cmdline)));
  }
}

void LibvirtLab::boot_all(const Deadline& deadline) {
  std::mutex mu;
  std::vector<std::string> errors;
  std::exception_ptr first;
  std::vector<std::thread> threads;
  for (const auto& n : rec_.nodes) {
    threads.emplace_back([&, name = n.name] {
      try {
        std::int64_t t0 = clock_->now_ns();
        power_on(name, deadline);
        say(fmt::format("{}: started ({:.1f} s)", name, ns_to_seconds(clock_->now_ns() - t0)));
        wait_ready(name, deadline.capped(opts_.boot_timeout_s));
        say(fmt::format("{}: ssh ready after {:.1f} s", name, ns_to_seconds(clock_->now_ns() - t0)));
      } catch (const std::exception& e) {
        std::lock_guard lock(mu);
        errors.push_back(e.what());
        if (!first) first = std::current_exception();
      }
    });
  }
  for (auto& t : threads) t.join();
  if (errors.size() == 1) std::rethrow_exception(first);
  if (!errors.empty()) throw LabError(fmt::format("{}", fmt::join(errors, "\n")));
}

void LibvirtLab::provision(const Deadline& deadline) {
  if (!rec_.run_id.empty()) throw LabError("lab " + rec_.lab + " is already provisioned");
  std::int64_t t0 = clock_->now_ns();
  connect(deadline);
  try {
    plan(deadline);
  } catch (...) {
    rec_.run_id.clear();  // nothing created yet; teardown must not touch a lab named like ours
    throw;
  }
  say(fmt::format("lab {}: run {}, tag {}, subnets 10.213.{}.0/21, dir {}", rec_.lab, rec_.run_id,
                  rec_.tag, rec_.block * 8, rec_.dir));
  try {
    prepare_storage(deadline);
    ProbeParams probe{host_image_.kernel, rec_.dir, domain_name(rec_.tag, "kvmprobe"),
                      {rec_.run_id, rec_.lab, rec_.owner_pid, rec_.owner_start, rec_.dir}};
    AccelChoice accel = choose_accel(conn_, opts_.accel, probe, deadline);
    rec_.accel = accel.accel;
    save();
    say(fmt::format("accel: {} ({})", accel.accel, accel.reason));
    make_files(deadline);
    deadline.check("lab files");
    create_networks();
    start_fence(deadline);
    create_domains();
    deadline.check("define lab");
    boot_all(deadline);
    rec_.state = "ready";
    save();
    say(fmt::format("lab {} up: {} nodes ready in {:.1f} s ({})", rec_.lab, rec_.nodes.size(),
                    ns_to_seconds(clock_->now_ns() - t0), rec_.accel));
  } catch (...) {
    auto err = std::current_exception();
    say("lab " + rec_.lab + ": provisioning failed; removing what was created");
    try {
      teardown(Deadline::after(*clock_, 60));
    } catch (const std::exception& e) {
      say(std::string("teardown after failure: ") + e.what());
    }
    std::rethrow_exception(err);
  }
}

}  // namespace harness::lab
