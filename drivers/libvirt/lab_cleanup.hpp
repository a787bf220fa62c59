#pragma once
// `harness cleanup`: removes what killed runs left — labs whose lab.json names a process that
// is gone (and that are not a finished `lab up`), and tagged libvirt objects whose record is
// gone — and nothing else. Ownership is decided by the run id in <metadata>, never by name.
#include <functional>
#include <optional>
#include <string>
#include <vector>

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

CleanupReport cleanup_labs(const CleanupOptions& opts, Clock& clock,
                           const std::function<void(const std::string&)>& say);

}  // namespace harness::lab
