#pragma once
// `harness cleanup`: removes what killed runs left — labs whose lab.json names a process that
// is gone (and that are not a finished `lab up`), and tagged libvirt objects whose record is
// gone — and nothing else. Ownership is decided by the run id in <metadata>, never by name.
#include <filesystem>
#include <functional>
#include <set>
#include <optional>
#include <string>
#include <vector>

#include "drivers/libvirt/fence_daemons.hpp"
#include "harness/core/clock.hpp"

namespace harness::lab {

struct CleanupOptions {
  std::string uri = "qemu:///system";   // where to look for orphaned tagged objects
  std::optional<std::string> lab;       // only this lab
  bool dry_run = false;                 // report, remove nothing
  bool force = false;                   // also labs whose owner is alive, and ready labs
};

struct CleanupReport {
  std::vector<std::string> removed;     // or "would remove" with dry_run
  std::vector<std::string> kept;        // with the reason
  std::vector<std::string> errors;
};

// The fence_virtd and ipmi_sim processes under `labs_root` (fence_daemons.hpp) of a run that is
// neither in `settled` (the runs whose records cleanup handled) nor the run of the lab.json
// beside their config: what a killed run, or a lab directory deleted by hand, left running.
// Only those of lab `lab` when given.
std::vector<FenceDaemon> unrecorded_fence_daemons(const std::filesystem::path& labs_root,
                                                  const std::set<std::string>& settled,
                                                  const std::optional<std::string>& lab);

CleanupReport cleanup_labs(const CleanupOptions& opts, Clock& clock,
                           const std::function<void(const std::string&)>& say);

}  // namespace harness::lab
