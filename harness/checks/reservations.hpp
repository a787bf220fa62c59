#pragma once
// Reservations (expect.reservations): was the SCSI-3 persistent reservation taken through the
// multipath device before the fault still held, by the same key, on every path that answered
// after the heal; and was a RESERVE with a key nobody registered refused with RESERVATION
// CONFLICT? Reads the probe's verify/pr_before and verify/pr_after (drivers/multipath/
// reservation_probe.hpp).
//
// Observed "kept": before, the reservation was taken and reported by some path; after, every
// answering path reports the run's key registered and holding the reservation. Anything else
// that answered is "lost". The verdict compares the observation with the expectation; a device
// that let the intruder reserve fails either way. Cross-node state is the target's property
// and the summary says so: with LIO each node keeps its own PR state, so the paths to one node
// show the reservation and the paths to the other do not, before the fault already.
#include <string>

#include "harness/checks/checker.hpp"

namespace harness {

class ReservationsChecker final : public Checker {
 public:
  explicit ReservationsChecker(std::string expected) : expected_(std::move(expected)) {}
  std::string name() const override { return "reservations"; }
  CheckResult check(const History& history) const override;

 private:
  std::string expected_;  // "kept" | "lost"
};

}  // namespace harness
