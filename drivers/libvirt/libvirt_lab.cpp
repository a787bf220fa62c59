// LibvirtLab: attach, node control (power, links, pause), lifecycle events, teardown.
// Creation lives in lab_provision.cpp.
#include "drivers/libvirt/libvirt_lab.hpp"

#include <unistd.h>

#include <filesystem>

#include <fmt/format.h>

#include "drivers/libvirt/daemons.hpp"
#include "drivers/libvirt/lab_ssh.hpp"
#include "drivers/libvirt/lab_teardown.hpp"
#include "drivers/libvirt/node_files.hpp"
#include "drivers/remote/process.hpp"
#include "drivers/remote/ssh_remote.hpp"
#include "harness/core/errors.hpp"

namespace harness::lab {

namespace fs = std::filesystem;

LibvirtLab::LibvirtLab(LibvirtLabOptions opts, Clock& clock) : opts_(std::move(opts)), clock_(&clock) {
  check_lab_name(opts_.lab_name);
  for (const auto& n : opts_.nodes)
    if (!default_topology().node(n))
      throw UsageError(fmt::format("unknown node '{}' (the lab has n1, n2, initiator)", n));
  rec_.lab = opts_.lab_name;
  rec_.uri = opts_.uri;
  rec_.dir = lab_dir(opts_.lab_name).string();
}

LibvirtLab::LibvirtLab(LabRecord rec, Clock& clock, std::function<void(const std::string&)> progress)
    : clock_(&clock), rec_(std::move(rec)) {
  opts_.lab_name = rec_.lab;
  opts_.uri = rec_.uri;
  opts_.progress = std::move(progress);
}

std::unique_ptr<LibvirtLab> LibvirtLab::attach(const std::string& lab_name, Clock& clock,
                                               std::function<void(const std::string&)> progress) {
  check_lab_name(lab_name);
  auto rec = load_record(lab_dir(lab_name));
  if (!rec)
    throw LabError(fmt::format("no lab named '{}' (no {}/lab.json); `harness lab up` makes one",
                               lab_name, lab_dir(lab_name).string()));
  std::unique_ptr<LibvirtLab> lab(new LibvirtLab(std::move(*rec), clock, std::move(progress)));
  auto d = Deadline::after(clock, 30);
  lab->connect(d);
  return lab;
}

LibvirtLab::~LibvirtLab() { watch_.reset(); }

void LibvirtLab::say(const std::string& line) const {
  if (opts_.progress) opts_.progress(line);
}

void LibvirtLab::connect(const Deadline& deadline) {
  if (conn_) return;
  ensure_libvirt_daemons(rec_.uri, deadline, [this](const std::string& s) { say(s); });
  conn_ = virt::Connection::open(rec_.uri);
}

std::string LibvirtLab::describe() const {
  // Before provision() the accelerator is not chosen and the run id not recorded yet.
  std::string s = fmt::format("libvirt {}", rec_.uri);
  if (!rec_.accel.empty()) s += fmt::format(" ({})", rec_.accel);
  s += " lab " + rec_.lab;
  if (!rec_.run_id.empty()) s += " run " + rec_.run_id;
  return s;
}

const RecordedNode& LibvirtLab::node_rec(const std::string& node) const {
  if (const RecordedNode* n = rec_.node(node)) return *n;
  std::vector<std::string> names;
  for (const auto& n : rec_.nodes) names.push_back(n.name);
  throw UsageError(fmt::format("lab {} has no node '{}' (it has {})", rec_.lab, node,
                               fmt::join(names, ", ")));
}

std::vector<NodeInfo> LibvirtLab::nodes() const {
  std::vector<NodeInfo> out;
  for (const auto& n : rec_.nodes) out.push_back({n.name, n.role, n.addresses});
  return out;
}

Remote& LibvirtLab::remote(const std::string& node) {
  const RecordedNode& n = node_rec(node);
  std::lock_guard lock(mu_);
  auto& r = remotes_[node];
  if (!r) {
    SshConfig c;
    c.node = n.name;
    c.host = n.addresses.at("mgmt");
    c.identity_file = rec_.ssh_key;
    c.known_hosts_file = rec_.known_hosts;
    if (std::string jump = uri_ssh_host(rec_.uri); !jump.empty())
      c.extra_options.push_back("ProxyJump=" + jump);
    r = std::make_unique<SshRemote>(std::move(c), *clock_);
  }
  return *r;
}

virt::DomainPtr LibvirtLab::owned_domain(const std::string& name) {
  auto d = conn_.find_domain(name);
  if (!d) return nullptr;
  std::string owner = domain_run_id(conn_, d.get());
  if (owner != rec_.run_id)
    throw LabError(fmt::format("domain {} exists but is not tagged with run {} ({}); not touching it",
                               name, rec_.run_id, owner.empty() ? "no harness tag" : "run " + owner));
  return d;
}

virt::NetworkPtr LibvirtLab::owned_network(const std::string& name) {
  auto n = conn_.find_network(name);
  if (!n) return nullptr;
  std::string owner = network_run_id(conn_, n.get());
  if (owner != rec_.run_id)
    throw LabError(fmt::format("network {} exists but is not tagged with run {} ({}); not touching it",
                               name, rec_.run_id, owner.empty() ? "no harness tag" : "run " + owner));
  return n;
}

void LibvirtLab::expect(const std::string& node, const std::string& what, std::int64_t start_ns) {
  if (watch_) watch_->expect(node, what, start_ns);
}

void LibvirtLab::cancel(const std::string& node, const std::string& what) {
  if (watch_) watch_->cancel(node, what);
}

template <typename F>
std::int64_t LibvirtLab::domain_call(const std::string& node, const char* what, const char* event,
                                     F&& f, std::int64_t not_before_ns, const Deadline* deadline) {
  const RecordedNode& n = node_rec(node);
  auto d = owned_domain(n.domain);
  if (!d) throw LabError(fmt::format("{}: domain {} does not exist", node, n.domain));
  if (deadline && not_before_ns > clock_->now_ns() && !deadline->sleep_until(not_before_ns))
    deadline->check(fmt::format("{} {}", what, node));
  std::int64_t start = clock_->now_ns();
  if (event) expect(node, event, start);
  if (f(d.get()) < 0) {
    if (event) cancel(node, event);
    conn_.fail(fmt::format("{} {} (domain {})", what, node, n.domain));
  }
  return start;
}

void LibvirtLab::power_off(const std::string& node, const Deadline& deadline) {
  deadline.check("power off " + node);
  domain_call(node, "power off", "destroyed", [](virDomainPtr d) { return virDomainDestroy(d); });
}

void LibvirtLab::power_on(const std::string& node, const Deadline& deadline) {
  deadline.check("power on " + node);
  // Idempotent (Lab's contract): a node fenced with "reboot" is already running again, and a
  // heal after a half-done power_off finds it either way.
  const RecordedNode& n = node_rec(node);
  if (auto d = owned_domain(n.domain); d && virt::Connection::domain_active(d.get())) return;
  // QEMU starts paused and is then resumed: that "resumed" is ours too, not the hypervisor's.
  expect(node, "resumed", clock_->now_ns());
  try {
    domain_call(node, "power on", "started", [](virDomainPtr d) { return virDomainCreate(d); });
  } catch (...) {
    cancel(node, "resumed");
    throw;
  }
}

void LibvirtLab::reset(const std::string& node, const Deadline& deadline) {
  deadline.check("reset " + node);
  domain_call(node, "reset", "reset", [](virDomainPtr d) { return virDomainReset(d, 0); });
}

std::int64_t LibvirtLab::suspend(const std::string& node, const Deadline& deadline) {
  deadline.check("suspend " + node);
  return domain_call(node, "suspend", "suspended",
                     [](virDomainPtr d) { return virDomainSuspend(d); });
}

std::int64_t LibvirtLab::resume(const std::string& node, std::int64_t not_before_ns,
                                const Deadline& deadline) {
  deadline.check("resume " + node);
  return domain_call(
      node, "resume", "resumed", [](virDomainPtr d) { return virDomainResume(d); },
      not_before_ns, &deadline);
}

void LibvirtLab::set_link(const std::string& node, const std::string& network, bool up,
                          const Deadline& deadline) {
  deadline.check(fmt::format("link {} {}/{}", up ? "up" : "down", node, network));
  const RecordedNode& n = node_rec(node);
  auto mac = n.macs.find(network);
  if (mac == n.macs.end())
    throw UsageError(fmt::format("node {} has no NIC on network '{}'", node, network));
  auto d = owned_domain(n.domain);
  if (!d) throw LabError(fmt::format("{}: domain {} does not exist", node, n.domain));
  bool active = virt::Connection::domain_active(d.get());
  // The cable stays pulled across a power cycle too (CONFIG), as a real one would.
  unsigned flags = VIR_DOMAIN_AFFECT_CONFIG | (active ? VIR_DOMAIN_AFFECT_LIVE : 0);
  std::string xml = interface_link_xml(
      conn_.domain_xml(d.get(), active ? 0 : VIR_DOMAIN_XML_INACTIVE), mac->second, up);
  std::int64_t t0 = clock_->now_ns();
  if (virDomainUpdateDeviceFlags(d.get(), xml.c_str(), flags) < 0)
    conn_.fail(fmt::format("set link {} of {} on {}", up ? "up" : "down", node, network));
  last_link_call_ns_ = clock_->now_ns() - t0;
}

std::optional<bool> LibvirtLab::link_up(const std::string& node, const std::string& network) {
  const RecordedNode& n = node_rec(node);
  auto mac = n.macs.find(network);
  if (mac == n.macs.end()) return std::nullopt;
  auto d = owned_domain(n.domain);
  if (!d) return std::nullopt;
  return interface_link_up(conn_.domain_xml(d.get()), mac->second);
}

std::string LibvirtLab::domain_state(const std::string& node) {
  const RecordedNode& n = node_rec(node);
  auto d = conn_.find_domain(n.domain);
  if (!d) return "missing";
  int state = 0, reason = 0;
  if (virDomainGetState(d.get(), &state, &reason, 0) < 0) return "unknown";
  switch (state) {
    case VIR_DOMAIN_RUNNING: return "running";
    case VIR_DOMAIN_BLOCKED: return "blocked";
    case VIR_DOMAIN_PAUSED: return "paused";
    case VIR_DOMAIN_SHUTDOWN: return "shutting down";
    case VIR_DOMAIN_SHUTOFF: return "shut off";
    case VIR_DOMAIN_CRASHED: return "crashed";
    case VIR_DOMAIN_PMSUSPENDED: return "pmsuspended";
    default: return "unknown";
  }
}

std::string LibvirtLab::console_tail(const std::string& node, std::size_t lines) const {
  const RecordedNode* n = rec_.node(node);
  if (!n || n->console_log.empty()) return "";
  // The log is on the URI's host: a remote one is named, not fetched (virDomainOpenConsole
  // would hold the console against the guest's own use).
  if (!uri_is_local(rec_.uri)) {
    std::string host = uri_ssh_host(rec_.uri);
    return fmt::format("(console log at {}:{})", host.empty() ? rec_.uri : host, n->console_log);
  }
  std::string s = read_text(n->console_log);
  // Serial consoles emit \r\n and escape sequences; keep printable lines only.
  std::string clean;
  for (char c : s)
    if (c == '\n' || c == '\t' || (static_cast<unsigned char>(c) >= 0x20 && c != 0x7f)) clean += c;
  while (!clean.empty() && clean.back() == '\n') clean.pop_back();
  std::size_t pos = clean.size();
  for (std::size_t i = 0; i < lines && pos > 0; ++i) {
    auto nl = clean.rfind('\n', pos - 1);
    if (nl == std::string::npos) {
      pos = 0;
      break;
    }
    pos = nl;
  }
  if (pos > 0) ++pos;
  return clean.substr(pos);
}

void LibvirtLab::wait_ready(const std::string& node, const Deadline& deadline) {
  const RecordedNode& n = node_rec(node);
  const std::string& addr = n.addresses.at("mgmt");
  // Through the node's Remote: the login that answers becomes the ssh master every later
  // command rides on (a separate login first cost the booting TCG guest one more key exchange
  // and PAM session, and a returning node's rejoin 2 s).
  Remote& r = remote(node);
  std::string last_err = "no answer on port 22";
  for (;;) {
    if (deadline.stop_requested()) throw Interrupted(node + ": wait for ssh: interrupted");
    auto d = conn_.find_domain(n.domain);
    if (!d || !virt::Connection::domain_active(d.get()))
      throw LabError(fmt::format("{}: domain {} is not running ({}); console:\n{}", node, n.domain,
                                 domain_state(node), console_tail(node)));
    if (tcp_port_open(addr, 22, 1000)) {
      try {
        auto res = r.run({"true"}, deadline.capped(15));
        if (res.exit_status == 0) return;
        last_err = res.err.empty() ? fmt::format("ssh exit {}", res.exit_status) : res.err;
      } catch (const TimeoutError&) {
        last_err = "ssh timed out";
      } catch (const LabError& e) {
        last_err = e.what();  // sshd not accepting logins yet
      }
    }
    if (deadline.expired())
      throw TimeoutError(fmt::format("{}: not ready (ssh {}): {}; last console lines:\n{}", node,
                                     addr, last_err, console_tail(node)));
    deadline.sleep_until(clock_->now_ns() + 500 * kNsPerMs);
  }
}

void LibvirtLab::watch_lifecycle(History& history) {
  std::map<std::string, std::string> domains;
  for (const auto& n : rec_.nodes) domains[n.domain] = n.name;
  watch_ = std::make_unique<LifecycleWatch>(conn_, *clock_, history, std::move(domains));
}

void LibvirtLab::unwatch_lifecycle() { watch_.reset(); }

std::vector<GuestThreads> LibvirtLab::guest_threads() {
  std::lock_guard lock(threads_mu_);
  if (!qemu_threads_) {
    if (!uri_is_local(rec_.uri)) return {};  // QEMU runs on another host: nothing to read here
    std::vector<QemuThreads::Domain> domains;
    for (const auto& n : rec_.nodes) domains.push_back({n.name, n.domain});
    qemu_threads_ = std::make_unique<QemuThreads>(std::move(domains), qemu_pid_dir(rec_.uri), *clock_);
  }
  return qemu_threads_->read();
}

void LibvirtLab::save() { save_record(rec_, rec_.dir); }

void LibvirtLab::close_remotes() {
  std::lock_guard lock(mu_);
  for (auto& [node, r] : remotes_)
    if (auto* ssh = dynamic_cast<SshRemote*>(r.get())) ssh->close();
}

void LibvirtLab::teardown(const Deadline& deadline) {
  if (rec_.run_id.empty()) return;  // never provisioned
  if (!conn_) connect(deadline);
  std::error_code ec;
  if (fs::exists(fs::path(rec_.dir) / "lab.json", ec)) {
    rec_.state = "deleting";
    try {
      save();
    } catch (const std::exception&) {
    }
  }
  std::map<std::string, std::string> node_of;
  for (const auto& n : rec_.nodes) node_of[n.domain] = n.name;
  RemovalReport report;
  std::int64_t t0 = clock_->now_ns();
  remove_recorded_lab(conn_, rec_, report, [&](const std::string& domain) {
    auto it = node_of.find(domain);
    if (it != node_of.end()) expect(it->second, "destroyed", clock_->now_ns());
  });
  for (const auto& s : report.skipped) say("teardown: skipped " + s);
  if (!report.errors.empty())
    throw LabError(fmt::format("teardown of lab {} incomplete: {}", rec_.lab,
                               fmt::join(report.errors, "; ")));
  say(fmt::format("lab {}: removed {} objects in {:.1f} s", rec_.lab, report.removed.size(),
                  ns_to_seconds(clock_->now_ns() - t0)));
  remotes_.clear();
}

}  // namespace harness::lab
