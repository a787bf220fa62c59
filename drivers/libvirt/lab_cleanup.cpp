// Cleanup by tag: first the recorded labs, then tagged objects nobody records any more.
#include "drivers/libvirt/lab_cleanup.hpp"

#include <filesystem>
#include <map>
#include <set>

#include <fmt/format.h>

#include "drivers/libvirt/daemons.hpp"
#include "drivers/libvirt/fence_daemons.hpp"
#include "drivers/libvirt/fence_sshd.hpp"
#include "drivers/libvirt/lab_naming.hpp"
#include "drivers/libvirt/lab_record.hpp"
#include "drivers/libvirt/lab_storage.hpp"
#include "drivers/libvirt/lab_teardown.hpp"
#include "drivers/libvirt/lab_xml.hpp"
#include "drivers/libvirt/virt_ptr.hpp"
#include "harness/core/errors.hpp"

namespace harness::lab {

namespace fs = std::filesystem;

namespace {
// Why a lab must stay, or "" if cleanup may take it.
std::string keep_reason(const LabRecord& r, bool force) {
  if (force) return "";
  if (process_alive(r.owner_pid, r.owner_start))
    return fmt::format("its harness process {} is still running (--force to remove anyway)",
                       r.owner_pid);
  if (r.persistent && r.state == "ready")
    return "it is up (`harness lab down --lab " + r.lab + "`, or --force)";
  return "";
}

void merge(CleanupReport& out, const RemovalReport& r) {
  out.removed.insert(out.removed.end(), r.removed.begin(), r.removed.end());
  for (const auto& s : r.skipped) out.kept.push_back(s);
  out.errors.insert(out.errors.end(), r.errors.begin(), r.errors.end());
}

}  // namespace

std::vector<FenceDaemon> unrecorded_fence_daemons(const fs::path& labs_root,
                                                  const std::set<std::string>& settled,
                                                  const std::optional<std::string>& lab) {
  std::vector<FenceDaemon> out;
  for (auto& d : find_fence_daemons(labs_root)) {
    if (settled.count(d.run_id)) continue;  // a recorded lab's: removed or kept with it
    const fs::path lab_path = d.config.parent_path().parent_path();
    if (lab && lab_path.filename() != *lab) continue;
    try {
      auto rec = load_record(lab_path);
      if (rec && rec->run_id == d.run_id) continue;  // recorded after all (a lab up in progress)
    } catch (const std::exception&) {
      continue;  // an unreadable record beside it: not ours to judge
    }
    out.push_back(std::move(d));
  }
  return out;
}

namespace {

struct Orphan {
  OwnerTag owner;
  std::vector<std::string> domains, networks;
};
}  // namespace

CleanupReport cleanup_labs(const CleanupOptions& opts, Clock& clock,
                           const std::function<void(const std::string&)>& say) {
  if (opts.lab) check_lab_name(*opts.lab);
  CleanupReport report;
  auto deadline = Deadline::after(clock, 60);
  ensure_libvirt_daemons(opts.uri, deadline, say);
  std::map<std::string, virt::Connection> conns;
  auto conn_for = [&](const std::string& uri) -> virt::Connection& {
    auto it = conns.find(uri);
    if (it == conns.end()) it = conns.emplace(uri, virt::Connection::open(uri)).first;
    return it->second;
  };
  virt::Connection& main_conn = conn_for(opts.uri);

  HostLock lock;  // no lab is between "picked its names" and "recorded them" while we look
  std::set<std::string> settled;  // run ids removed or deliberately kept
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(labs_root(), ec)) {
    if (!e.is_directory()) continue;
    std::string name = e.path().filename().string();
    if (opts.lab && name != *opts.lab) continue;
    std::optional<LabRecord> rec;
    try {
      rec = load_record(e.path());
    } catch (const std::exception& ex) {
      report.errors.push_back(ex.what());
      continue;
    }
    if (!rec) {
      // Killed between mkdir and the first record (we hold the lock, so nobody is there now).
      if (opts.dry_run) {
        report.removed.push_back("would remove dir " + e.path().string() + " (no lab.json)");
      } else {
        fs::remove_all(e.path(), ec);
        report.removed.push_back("dir " + e.path().string() + " (no lab.json)");
      }
      continue;
    }
    settled.insert(rec->run_id);
    std::string why = keep_reason(*rec, opts.force);
    if (!why.empty()) {
      report.kept.push_back(fmt::format("lab {} (run {}): {}", rec->lab, rec->run_id, why));
      continue;
    }
    if (opts.dry_run) {
      std::string sshd;
      if (!rec->fence.config.empty())
        for (const auto& [pid, cfg] : find_fence_sshds(labs_root()))
          if (cfg == rec->fence.config) sshd += fmt::format(", fence sshd pid {}", pid);
      for (const auto& d : find_fence_daemons(labs_root()))
        if (d.run_id == rec->run_id) sshd += fmt::format(", {} pid {}", d.exe, d.pid);
      report.removed.push_back(fmt::format("would remove lab {} (run {}, state {}): {} domains, "
                                           "{} networks{}, dir {}",
                                           rec->lab, rec->run_id, rec->state, rec->domains.size(),
                                           rec->networks.size(), sshd, rec->dir));
      continue;
    }
    try {
      RemovalReport r;
      remove_recorded_lab(conn_for(rec->uri), *rec, r);
      merge(report, r);
    } catch (const std::exception& ex) {
      report.errors.push_back(fmt::format("lab {}: {}", rec->lab, ex.what()));
    }
  }

  // Fencing sshds (fence_sshd.hpp) whose config names a run no record names any more (lab
  // directory deleted by hand, or a record rewritten): identified by executable and command line.
  for (const auto& [pid, config] : find_fence_sshds(labs_root())) {
    auto run = run_id_of_fence_config(config);
    if (!run || settled.count(*run)) continue;  // a recorded lab's: removed or kept above
    std::string lab_name = config.parent_path().parent_path().filename().string();
    if (opts.lab && lab_name != *opts.lab) continue;
    try {
      auto rec = load_record(config.parent_path().parent_path());
      if (rec && rec->run_id == *run) continue;  // recorded after all (a lab up in progress)
    } catch (const std::exception&) {
      report.kept.push_back(fmt::format("fence sshd pid {}: the lab.json beside {} is unreadable",
                                        pid, config.string()));
      continue;
    }
    if (opts.dry_run) {
      report.removed.push_back(fmt::format("would stop unrecorded fence sshd pid {} (run {}, {})",
                                           pid, *run, config.string()));
      continue;
    }
    for (auto& s : stop_fence_sshd(config, pid, report.errors))
      report.removed.push_back(s + " (unrecorded run " + *run + ")");
  }

  // fence_virtd and BMCs (fence_daemons.hpp) of runs no record names, the same way.
  for (const auto& d : unrecorded_fence_daemons(labs_root(), settled, opts.lab)) {
    if (opts.dry_run) {
      report.removed.push_back(fmt::format("would stop unrecorded {} pid {} (run {}, {})", d.exe,
                                           d.pid, d.run_id, d.config.string()));
      continue;
    }
    for (auto& s : stop_fence_daemon(d.config, d.pid, report.errors))
      report.removed.push_back(s + " (unrecorded run " + d.run_id + ")");
  }

  // Tagged objects on the URI whose record is gone (lab dir deleted by hand, or another host's
  // state dir): grouped by run id and checked by their tag alone.
  std::map<std::string, Orphan> orphans;
  for (auto& d : main_conn.all_domains()) {
    char* md = virDomainGetMetadata(d.get(), VIR_DOMAIN_METADATA_ELEMENT, kMetadataNs, 0);
    if (!md) continue;
    auto tag = parse_owner_element(md);
    free(md);
    if (!tag || settled.count(tag->run_id)) continue;
    auto& o = orphans[tag->run_id];
    o.owner = *tag;
    o.domains.push_back(virt::Connection::domain_name(d.get()));
  }
  for (auto& n : main_conn.all_networks()) {
    auto tag = parse_owner_tag(main_conn.network_xml(n.get()));
    if (!tag || settled.count(tag->run_id)) continue;
    auto& o = orphans[tag->run_id];
    o.owner = *tag;
    o.networks.push_back(virt::Connection::network_name(n.get()));
  }
  // Run pools carry only the tag (no <metadata>): one is removed with the unrecorded run whose
  // tag it carries, and kept when no record and no tagged object names a run of that tag.
  std::set<std::string> known_tags;
  for (const auto& id : settled) known_tags.insert(run_tag(id));
  for (const auto& [id, o] : orphans) known_tags.insert(run_tag(id));
  virStoragePoolPtr* pools = nullptr;
  int npools = virConnectListAllStoragePools(main_conn.get(), &pools, 0);
  for (int i = 0; i < npools; ++i) {
    PoolPtr p(pools[i]);
    const char* pname = virStoragePoolGetName(p.get());
    auto tag = pname ? tag_of_pool_name(pname) : std::nullopt;
    if (tag && !known_tags.count(*tag) && !opts.lab)
      report.kept.push_back(fmt::format("storage pool {}: no record or tagged object names a run "
                                        "of tag {}", pname, *tag));
  }
  free(pools);
  for (auto& [run_id, o] : orphans) {
    if (opts.lab && o.owner.lab != *opts.lab) continue;
    if (!opts.force && process_alive(o.owner.pid, o.owner.pid_start)) {
      report.kept.push_back(fmt::format("run {}: its harness process {} is still running", run_id,
                                        o.owner.pid));
      continue;
    }
    if (opts.dry_run) {
      report.removed.push_back(fmt::format("would remove unrecorded run {}: domains [{}] networks [{}]",
                                           run_id, fmt::join(o.domains, ", "),
                                           fmt::join(o.networks, ", ")));
      continue;
    }
    RemovalReport r;
    remove_objects(main_conn, run_id, o.domains, o.networks, r);
    std::string pool = run_pool_name(run_tag(run_id));
    if (r.errors.empty()) {
      if (PoolPtr(virStoragePoolLookupByName(main_conn.get(), pool.c_str()))) {
        std::string why = remove_run_pool(main_conn, pool, run_tag(run_id));
        if (why.empty()) r.removed.push_back("pool " + pool);
        else r.errors.push_back(why);
      }
    }
    merge(report, r);
  }
  return report;
}

}  // namespace harness::lab
