#pragma once
// Removing what one run created, by its record and its tag: domains (destroyed, undefined),
// networks (destroyed, undefined; libvirt removes their bridges) and the lab directory.
// An object whose <metadata> does not carry the run id is never touched, whatever its name.
#include <functional>
#include <string>
#include <vector>

#include "drivers/libvirt/lab_record.hpp"
#include "drivers/libvirt/virt_ptr.hpp"
#include "harness/core/deadline.hpp"

namespace harness::lab {

struct RemovalReport {
  std::vector<std::string> removed;  // "domain h-3fa2c1-n1", "network ...", "dir /var/lib/..."
  std::vector<std::string> skipped;  // objects with the name but not the tag, and why
  std::vector<std::string> errors;
};

// The run id in the object's <metadata>, or "" if it carries none.
std::string domain_run_id(const virt::Connection& conn, virDomainPtr d);
std::string network_run_id(const virt::Connection& conn, virNetworkPtr n);

// Destroys and undefines `domains` and `networks` that carry `run_id` (domains in parallel:
// a destroy takes 1-2 s). `before_destroy(domain)` runs just before each virDomainDestroy (the
// lab marks its lifecycle intent there). Errors are collected, not thrown.
void remove_objects(const virt::Connection& conn, const std::string& run_id,
                    const std::vector<std::string>& domains,
                    const std::vector<std::string>& networks, RemovalReport& report,
                    const std::function<void(const std::string&)>& before_destroy = {});

// Stops the record's fence sshd, fence_virtd and BMCs (fence_sshd.hpp, fence_daemons.hpp), then remove_objects for everything in the
// record, then its storage pool (volumes included; only
// if the pool's name carries the record's tag), then the lab directory (only if its lab.json
// still names this run).
void remove_recorded_lab(const virt::Connection& conn, const LabRecord& rec, RemovalReport& report,
                         const std::function<void(const std::string&)>& before_destroy = {});

}  // namespace harness::lab
