#pragma once
// Read-back mode: reads the region (1 MiB at a time; a failed chunk again block by block, so
// one bad block does not hide its neighbours) and writes the listing of ledger_format.hpp.
#include "drivers/ledger/guest/ledger_args.hpp"

namespace harness::ledger {

// Returns the exit status: 0 when the listing was written (whatever the blocks hold), 2 when
// the device, the log or the output could not be used.
int run_read_back(const ReadBackArgs& args);

}  // namespace harness::ledger
