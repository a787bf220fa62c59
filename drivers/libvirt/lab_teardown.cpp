// Tag-checked removal of a run's libvirt objects and files.
#include "drivers/libvirt/lab_teardown.hpp"

#include <filesystem>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "drivers/libvirt/fence_daemons.hpp"
#include "drivers/libvirt/fence_sshd.hpp"
#include "drivers/libvirt/lab_storage.hpp"
#include "drivers/libvirt/lab_xml.hpp"

namespace harness::lab {

namespace fs = std::filesystem;

std::string domain_run_id(const virt::Connection& conn, virDomainPtr d) {
  // The inactive definition: a running domain's live XML carries the same metadata, and the
  // persistent one exists even when the domain is off.
  char* md = virDomainGetMetadata(d, VIR_DOMAIN_METADATA_ELEMENT, kMetadataNs, 0);
  if (md) {
    std::string s(md);
    free(md);
    auto t = parse_owner_element(s);
    return t ? t->run_id : "";
  }
  (void)conn;
  return "";
}

std::string network_run_id(const virt::Connection& conn, virNetworkPtr n) {
  // libvirt 9.0 keeps network <metadata> in the XML but has no virNetworkGetMetadata yet.
  char* s = virNetworkGetXMLDesc(n, 0);
  if (!s) return "";
  std::string xml(s);
  free(s);
  (void)conn;
  auto t = parse_owner_tag(xml);
  return t ? t->run_id : "";
}

void remove_objects(const virt::Connection& conn, const std::string& run_id,
                    const std::vector<std::string>& domains,
                    const std::vector<std::string>& networks, RemovalReport& report,
                    const std::function<void(const std::string&)>& before_destroy) {
  std::mutex mu;
  std::vector<std::thread> threads;
  for (const auto& name : domains) {
    threads.emplace_back([&, name] {
      virDomainPtr raw = virDomainLookupByName(conn.get(), name.c_str());
      if (!raw) return;  // never created, or already gone
      virt::DomainPtr d(raw);
      std::string owner = domain_run_id(conn, raw);
      if (owner != run_id) {
        std::lock_guard lock(mu);
        report.skipped.push_back(fmt::format("domain {}: not tagged with run {} ({})", name, run_id,
                                             owner.empty() ? "no harness tag" : "run " + owner));
        return;
      }
      if (virDomainIsActive(raw) == 1) {
        if (before_destroy) before_destroy(name);
        if (virDomainDestroy(raw) < 0 && virDomainIsActive(raw) == 1) {
          std::lock_guard lock(mu);
          report.errors.push_back(fmt::format("destroy domain {}: {}", name, virt::last_error_message()));
          return;
        }
      }
      // Transient domains (the KVM probe) vanish on destroy; persistent ones need undefine.
      // Some drivers (the test mock) reject the flags; plain undefine is then all there is.
      if (virDomainIsPersistent(raw) == 1 &&
          virDomainUndefineFlags(raw, VIR_DOMAIN_UNDEFINE_MANAGED_SAVE |
                                          VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA |
                                          VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA) < 0 &&
          virDomainUndefine(raw) < 0) {
        std::lock_guard lock(mu);
        report.errors.push_back(fmt::format("undefine domain {}: {}", name, virt::last_error_message()));
        return;
      }
      std::lock_guard lock(mu);
      report.removed.push_back("domain " + name);
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& name : networks) {
    virNetworkPtr raw = virNetworkLookupByName(conn.get(), name.c_str());
    if (!raw) continue;
    virt::NetworkPtr n(raw);
    std::string owner = network_run_id(conn, raw);
    if (owner != run_id) {
      report.skipped.push_back(fmt::format("network {}: not tagged with run {} ({})", name, run_id,
                                           owner.empty() ? "no harness tag" : "run " + owner));
      continue;
    }
    if (virNetworkIsActive(raw) == 1 && virNetworkDestroy(raw) < 0) {
      report.errors.push_back(fmt::format("destroy network {}: {}", name, virt::last_error_message()));
      continue;
    }
    if (virNetworkIsPersistent(raw) == 1 && virNetworkUndefine(raw) < 0) {
      report.errors.push_back(fmt::format("undefine network {}: {}", name, virt::last_error_message()));
      continue;
    }
    report.removed.push_back("network " + name);
  }
}

void remove_recorded_lab(const virt::Connection& conn, const LabRecord& rec, RemovalReport& report,
                         const std::function<void(const std::string&)>& before_destroy) {
  // The fencing sshd first: it acts on the domains. Found by its command line (the recorded
  // config), so a crash between starting it and recording its pid leaves nothing behind.
  if (!rec.fence.config.empty())
    for (auto& s : stop_fence_sshd(rec.fence.config, rec.fence.pid, report.errors))
      report.removed.push_back(std::move(s));
  // fence_virtd and the BMCs (fence_daemons.hpp), the same way.
  std::vector<const FenceDaemonRecord*> daemons;
  if (!rec.fence.virtd.config.empty()) daemons.push_back(&rec.fence.virtd);
  for (const auto& b : rec.fence.bmcs) daemons.push_back(&b);
  for (const auto* d : daemons)
    for (auto& s : stop_fence_daemon(d->config, d->pid, report.errors))
      report.removed.push_back(std::move(s));
  remove_objects(conn, rec.run_id, rec.domains, rec.networks, report, before_destroy);
  if (!report.errors.empty()) return;  // keep the record while something it names remains
  // The pool after the domains (they hold its files open). Pools take no <metadata>: the
  // record (lab.json) names it and its name must carry the record's tag.
  if (!rec.pool.empty()) {
    std::string why = remove_run_pool(conn, rec.pool, rec.tag);
    if (why.rfind("skipped:", 0) == 0)
      report.skipped.push_back(why.substr(9));
    else if (!why.empty())
      report.errors.push_back(why);
    else
      report.removed.push_back("pool " + rec.pool);
    if (!why.empty()) return;
  }
  fs::path dir = rec.dir;
  if (dir.empty() || !fs::exists(dir)) return;
  std::optional<LabRecord> on_disk;
  try {
    on_disk = load_record(dir);
  } catch (const std::exception&) {
  }
  if (!on_disk || on_disk->run_id != rec.run_id) {
    report.skipped.push_back(fmt::format("dir {}: its lab.json does not name run {}", dir.string(),
                                         rec.run_id));
    return;
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
  if (ec)
    report.errors.push_back(fmt::format("remove {}: {}", dir.string(), ec.message()));
  else
    report.removed.push_back("dir " + dir.string());
}

}  // namespace harness::lab
