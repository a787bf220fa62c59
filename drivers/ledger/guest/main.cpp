// harness-ledger: the guest program of the ledger workload (docs/LEDGER.md).
#include <csignal>

#include "drivers/ledger/guest/ledger_args.hpp"
#include "drivers/ledger/guest/open_loop.hpp"
#include "drivers/ledger/guest/read_back.hpp"

namespace {
void on_signal(int) { harness::ledger::g_stop.store(true); }
}  // namespace

int main(int argc, char** argv) {
  const harness::ledger::Args args = harness::ledger::parse_args(argc, argv);
  if (args.exit_code >= 0) return args.exit_code;
  if (args.read_back) return harness::ledger::run_read_back(*args.read_back);
  struct sigaction sa{};
  sa.sa_handler = on_signal;  // no SA_RESTART: io_getevents returns EINTR and the loop ends
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);
  return harness::ledger::run_open_loop(*args.write);
}
