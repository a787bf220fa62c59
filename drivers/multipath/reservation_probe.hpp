#pragma once
// The persistent-reservations probe (expect.reservations, docs/CHECKS.md): a Workload beside fio
// that takes a reservation through the multipath device before the fault and reads, after the
// heal, what every path reports.
//
// start(): mpathpersist registers the run's key on every path of the map and reserves with it
//   (type 5, Write Exclusive – Registrants Only, what a cluster file system or fence_scsi
//   uses); then each path's keys and reservation (sg_persist --in) → verify/pr_before.
// readback_verify() (after the heal): each path's keys and reservation again, and a RESERVE with
//   a key nobody registered through the first path that answers, which must be refused with
//   RESERVATION CONFLICT → verify/pr_after.
// after_verify(): the reservation and registrations cleared (best effort).
// Every sg_persist answer is recorded as it came (status, the parsed keys and holder); the
// check (harness/checks/reservations.*) judges them. A path that does not answer is recorded
// as such: after a node kill, its paths are gone.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "drivers/lab.hpp"
#include "drivers/workload.hpp"

namespace harness {

struct ReservationProbeOptions {
  std::string node = "initiator";
  std::string key;            // the run's key, "0x…" (nonzero)
  std::string intruder_key;   // a key never registered, "0x…"
  std::function<void(const std::string&)> progress;
};

// Bound to a lab that is not up yet: the map and its paths are looked up at start().
std::unique_ptr<Workload> make_reservation_probe(Lab& lab, ReservationProbeOptions options);

// The run's reservation key from its run id: 0x + 16 hex digits, never 0.
std::string reservation_key(const std::string& run_id, std::uint64_t salt);

}  // namespace harness
