#pragma once
// Makes the DRBD backing disk of a target node fail underneath DRBD. The deploy step puts the
// backing device behind a device-mapper device named "harness-backing", so the fault swaps its
// table (each a separate argv; no shell):
//   dmsetup table harness-backing                     (saved, for the heal)
//   dmsetup suspend harness-backing                   (the fault instant is stamped here)
//   dmsetup load harness-backing --table "0 <sectors> error"
//   dmsetup resume harness-backing
// mode "error": every I/O fails. mode "flakey": "0 <sectors> flakey <dev> <offset> 1 4" — the
// device works for 1 s then fails every I/O for 4 s, over and over; <dev> and <offset> come
// from the saved table, which must then be a single `linear` segment.
// With `on-io-error detach` DRBD drops the disk and serves I/O from the peer (diskless).
// Heal: `dmsetup load harness-backing` with the saved table on stdin (so a multi-segment table
// also works), `dmsetup resume harness-backing`, then `drbdadm attach all` to take the disk
// back (DRBD resyncs it from the peer). If DRBD never detached (no I/O hit the error),
// attach reports the disk as already attached; that counts as healed.
#include <cstdint>
#include <string>

#include "drivers/faults/recorded_fault.hpp"

namespace harness {

inline constexpr const char* kBackingDmName = "harness-backing";

// Total sectors of a dmsetup table (the end of its last segment); LabError if unreadable.
std::uint64_t table_sectors(const std::string& table);
// The error or flakey table replacing `saved` (LabError if flakey cannot be derived).
std::string failing_table(const std::string& saved, const std::string& mode);

class DiskError final : public RecordedFault {
 public:
  DiskError(const FaultSpec& spec, std::string node, Lab& lab, Clock& clock);
  const std::string& saved_table() const { return saved_; }

 protected:
  nlohmann::json do_inject(const Deadline& deadline) override;
  nlohmann::json do_heal(const Deadline& deadline) override;
  std::string detail() const override { return spec().option_string("mode"); }

 private:
  Lab& lab_;
  std::string saved_;
};

}  // namespace harness
