// LibvirtLab::snapshot and ::revert: the whole lab saved at one instant and brought back to it.
// Internal snapshots (QEMU savevm/loadvm through libvirt) hold every disk and the memory in the
// domain's own qcow2 files, so they go with the pool when the lab is removed; libvirt's metadata
// goes with the domain (undefine removes it). Every domain is paused before the first is saved
// and resumed only after the last, so the nodes' states agree with each other (TCP, DRBD, iSCSI,
// corosync) as they would after a brief freeze of the whole lab.
#include <algorithm>
#include <cmath>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "drivers/libvirt/libvirt_lab.hpp"
#include "drivers/remote/clock_offset.hpp"
#include "harness/core/errors.hpp"

namespace harness::lab {

namespace {

void check_snapshot_name(const std::string& name) {
  bool ok = !name.empty() && name.size() <= 64;
  for (char c : name)
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_');
  if (!ok)
    throw UsageError(fmt::format("snapshot name '{}': expected 1-64 of [a-z0-9_-]", name));
}

// Runs f(node, domain) for every node at once; the errors of all of them, joined.
template <typename F>
void each_domain(const std::vector<RecordedNode>& nodes, const char* what, F&& f) {
  std::mutex mu;
  std::vector<std::string> errors;
  std::vector<std::thread> threads;
  for (const auto& n : nodes)
    threads.emplace_back([&, &n = n] {
      try {
        f(n);
      } catch (const std::exception& e) {
        std::lock_guard lock(mu);
        errors.push_back(fmt::format("{}: {}", n.name, e.what()));
      }
    });
  for (auto& t : threads) t.join();
  if (!errors.empty()) throw LabError(fmt::format("{}: {}", what, fmt::join(errors, "; ")));
}

struct SnapshotFreer {
  void operator()(virDomainSnapshotPtr p) const noexcept { virDomainSnapshotFree(p); }
};
using SnapshotPtr = std::unique_ptr<virDomainSnapshot, SnapshotFreer>;

}  // namespace

void LibvirtLab::snapshot(const std::string& name, const Deadline& deadline) {
  check_snapshot_name(name);
  if (!conn_) connect(deadline);
  std::int64_t t0 = clock_->now_ns();
  // The harness's own ssh masters would be restored half-open by a revert: none may exist in
  // the saved state, and none may outlive it on the host.
  close_remotes();
  std::vector<virt::DomainPtr> doms;
  for (const auto& n : rec_.nodes) {
    auto d = owned_domain(n.domain);
    if (!d || !virt::Connection::domain_active(d.get()))
      throw LabError(fmt::format("snapshot: {} (domain {}) is not running", n.name, n.domain));
    doms.push_back(std::move(d));
  }
  std::vector<virDomainPtr> paused;
  auto resume_all = [&] {
    for (auto* d : paused) virDomainResume(d);
  };
  try {
    for (auto& d : doms) {
      if (virDomainSuspend(d.get()) < 0) conn_.fail("snapshot: pause " + virt::Connection::domain_name(d.get()));
      paused.push_back(d.get());
    }
    deadline.check("snapshot: every node paused");
    std::string xml = fmt::format(
        "<domainsnapshot><name>{}</name><description>harness run {}</description></domainsnapshot>",
        name, rec_.run_id);
    each_domain(rec_.nodes, "snapshot", [&](const RecordedNode& n) {
      auto d = owned_domain(n.domain);
      SnapshotPtr s(virDomainSnapshotCreateXML(d.get(), xml.c_str(), 0));
      if (!s) conn_.fail(fmt::format("snapshot {} of domain {}", name, n.domain));
    });
  } catch (...) {
    resume_all();
    throw;
  }
  resume_all();
  double took = ns_to_seconds(clock_->now_ns() - t0);
  say(fmt::format("snapshot {}: {} nodes paused, saved with memory, resumed ({:.1f} s)", name,
                  rec_.nodes.size(), took));
}

void LibvirtLab::revert(const std::string& name, const Deadline& deadline) {
  check_snapshot_name(name);
  // The snapshot holds the old root disks' state inside files that were replaced.
  for (const auto& n : rec_.nodes)
    if (!n.image.empty())
      throw LabError(fmt::format("revert to {}: node {} was reimaged to {} since the snapshot; a "
                                 "reimaged lab is not reverted",
                                 name, n.name, n.image));
  if (!conn_) connect(deadline);
  std::int64_t t0 = clock_->now_ns();
  close_remotes();
  // Back to the saved state, each left paused: none runs before all are there.
  each_domain(rec_.nodes, "revert", [&](const RecordedNode& n) {
    auto d = owned_domain(n.domain);
    if (!d) throw LabError(fmt::format("domain {} does not exist", n.domain));
    SnapshotPtr s(virDomainSnapshotLookupByName(d.get(), name.c_str(), 0));
    if (!s) conn_.fail(fmt::format("snapshot {} of domain {}", name, n.domain));
    if (virDomainRevertToSnapshot(s.get(), VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED) < 0)
      conn_.fail(fmt::format("revert domain {} to {}", n.domain, name));
  });
  deadline.check("revert: every node restored");
  std::int64_t t_restored = clock_->now_ns();
  for (const auto& n : rec_.nodes) {
    auto d = owned_domain(n.domain);
    if (!d || virDomainResume(d.get()) < 0) conn_.fail("revert: resume " + n.name);
  }
  std::int64_t t_resumed = clock_->now_ns();
  for (const auto& n : rec_.nodes) wait_ready(n.name, deadline);
  std::int64_t t_ready = clock_->now_ns();
  step_clocks(deadline);
  say(fmt::format("revert {}: restored {:.1f} s, resumed together in {:.0f} ms, ssh {:.1f} s, "
                  "clocks {:.1f} s",
                  name, ns_to_seconds(t_restored - t0), ns_to_seconds(t_resumed - t_restored) * 1e3,
                  ns_to_seconds(t_ready - t_resumed), ns_to_seconds(clock_->now_ns() - t_ready)));
}

void LibvirtLab::step_clocks(const Deadline& deadline) {
  // A restored guest's wall clock resumes from the instant of the snapshot. A relative step
  // ("now +N seconds", evaluated in the guest) needs only the offset, not the one-way delay.
  // Under TCG a just-resumed guest's clock is still catching up for a moment, so a step can
  // leave tens of ms: step again while the offset is over kGood. The History maps guest stamps
  // with offsets measured when the observers arm, so what is left only has to be small enough
  // for logs to read right (kWorst).
  constexpr std::int64_t kGood_ns = 20'000'000;
  constexpr std::int64_t kWorst_ns = 500'000'000;
  each_domain(rec_.nodes, "clock", [&](const RecordedNode& n) {
    Remote& r = remote(n.name);
    ClockOffset first = estimate_clock_offset(r, deadline, 9);
    ClockOffset off = first;
    for (int step = 0; step < 3 && std::llabs(off.offset_ns) > std::max(off.bound_ns, kGood_ns); ++step) {
      double step_s = -static_cast<double>(off.offset_ns) / 1e9;
      auto res = r.run({"date", "-s", fmt::format("now {:.6f} seconds", step_s)}, deadline.capped(30));
      if (res.exit_status != 0)
        throw LabError(fmt::format("date -s: exit {}: {}", res.exit_status, res.err));
      off = estimate_clock_offset(r, deadline, 9);
    }
    if (std::llabs(off.offset_ns) > off.bound_ns + kWorst_ns)
      throw LabError(fmt::format("clock still {:.3f} s off the host's after stepping (bound {:.3f} s)",
                                 off.offset_ns / 1e9, off.bound_ns / 1e9));
    say(fmt::format("clock {}: was {:+.3f} s, now {:+.3f} s (±{:.3f} s)", n.name, first.offset_ns / 1e9,
                    off.offset_ns / 1e9, off.bound_ns / 1e9));
  });
}

}  // namespace harness::lab
