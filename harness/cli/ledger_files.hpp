#pragma once
// The ledger from its files (docs/LEDGER.md): the write log and the read-back listings, as
// `harness ledger check` takes them by hand and a run's judgement finds them in its directory.
#include <string>
#include <vector>

#include "drivers/ledger/events.hpp"

namespace harness {

struct LedgerViewFile {
  std::string file;
  ledger::ViewRole role = ledger::ViewRole::device;
  std::string name;  // empty: the listing's device, with the file
};

// Parses the log and every listing; a listing of another run, or a file that cannot be read or
// parsed, is a LabError naming it. Times stay on the log's clock (the guest's monotonic).
ledger::Ledger load_ledger_files(const std::string& log_file, const std::vector<LedgerViewFile>& views);

}  // namespace harness
