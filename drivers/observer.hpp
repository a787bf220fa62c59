#pragma once
// Watches a layer (multipath, ALUA, cluster, DRBD, journal) and records observations. Armed
// before the first fault, snapshotted at every step, disarmed before collection.
#include "harness/core/history.hpp"
#include "harness/core/deadline.hpp"

namespace harness {

class Observer {
 public:
  virtual ~Observer() = default;
  virtual std::string name() const = 0;
  virtual void arm(History& history, const Deadline& deadline) = 0;
  virtual void snapshot(History& history, const Deadline& deadline) = 0;
  // After the heal: the fault windows are over, and what remains (rejoin, verify) needs the
  // guests' CPU more than second-by-second samples. Observers that poll may sample less often.
  virtual void ease_off() {}
  virtual void disarm(const Deadline& deadline) = 0;  // never throws past a timeout
};

}  // namespace harness
