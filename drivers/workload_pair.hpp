#pragma once
// Two workloads as one, on the same initiator (fio and the ledger beside it): started in order
// (the first one's start is the zero of step times), finished, read back and verified both.
// A failure of the first does not leave the second running: each phase runs on both, and the
// first error is rethrown afterwards.
#include <memory>

#include "drivers/workload.hpp"

namespace harness {

std::unique_ptr<Workload> make_workload_pair(std::unique_ptr<Workload> first,
                                             std::unique_ptr<Workload> second);

}  // namespace harness
