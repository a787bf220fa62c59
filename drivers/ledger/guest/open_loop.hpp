#pragma once
// Write mode: the open-loop writer. Slot k is due at start + k/rate whatever the completions
// do; a due slot is submitted unless max_in_flight writes are outstanding, its block still has
// one outstanding, or the program reaches it more than late_ms after its time: then it is
// logged as missed and the schedule moves on (no burst afterwards). After the load it waits up
// to drain_s for outstanding writes, logs an end record with how many are still out, and
// returns: those writes stay in flight, which is what the checker needs to know.
#include <atomic>

#include "drivers/ledger/guest/ledger_args.hpp"

namespace harness::ledger {

// Set by SIGTERM/SIGINT: the load ends at once (no drain) with its end record.
extern std::atomic<bool> g_stop;

// Returns the process exit status: 0 when the load ran (whatever the device did), 2 when it
// could not start (device, log). Errors go to stderr.
int run_open_loop(const WriteArgs& args);

}  // namespace harness::ledger
