#pragma once
// The I/O load on the initiator (fio, and the ledger beside it). Its per-I/O completions become io events in the History.
#include "harness/core/history.hpp"
#include "harness/core/deadline.hpp"

namespace harness {

class Workload {
 public:
  virtual ~Workload() = default;
  // Starts the load; returns once I/O is flowing. Its start instant is the zero of step times.
  virtual void start(History& history, const Deadline& deadline) = 0;
  // Waits for the load to end (or ends it) and records io, fio_verify and io_summary events.
  virtual void finish(History& history, const Deadline& deadline) = 0;
  // Reads back everything written and records a readback event.
  virtual void readback_verify(History& history, const Deadline& deadline) = 0;
  // Runs once the system under test has verified itself (every node back and the peers in
  // sync): reads what needs the whole system healed, such as the DRBD peers' backing devices.
  virtual void after_verify(History& /*history*/, const Deadline& /*deadline*/) {}
};

}  // namespace harness
