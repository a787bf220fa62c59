#pragma once
// SCSI-3 persistent reservations from the initiator: sg_persist (sg3-utils) through one path
// device, mpathpersist (multipath-tools) through the multipath device. A registration is per
// I_T nexus: registering and unregistering a key through a path touches only that path's target
// port; mpathpersist registers on every path of the map.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/deploy_plan.hpp"

namespace harness {

// The key the deploy check registers and removes again ("harness" in ASCII).
inline constexpr const char* kDeployCheckPrKey = "0x6861726e657373";

// PERSISTENT RESERVE OUT, REGISTER: `key` as the service action reservation key.
Argv pr_register_argv(const std::string& dev, const std::string& key);
// REGISTER with the key as reservation key and 0 as the new one: the registration removed.
Argv pr_unregister_argv(const std::string& dev, const std::string& key);

// PERSISTENT RESERVE IN, READ KEYS / READ RESERVATION through one device.
Argv pr_read_keys_argv(const std::string& dev);
Argv pr_read_reservation_argv(const std::string& dev);
// PERSISTENT RESERVE OUT, RESERVE with `key` and `type` (5: Write Exclusive, registrants only).
Argv pr_reserve_argv(const std::string& dev, const std::string& key, int type);
// Through the multipath device: register `key` on every path, reserve, clear everything.
Argv mpath_register_argv(const std::string& map_dev, const std::string& key);
Argv mpath_reserve_argv(const std::string& map_dev, const std::string& key, int type);
Argv mpath_clear_argv(const std::string& map_dev, const std::string& key);

// sg_persist's exit status for a command the device refused with RESERVATION CONFLICT
// (sg3-utils' SG_LIB_CAT_RES_CONFLICT).
inline constexpr int kSgResConflict = 24;

struct PrKeys {
  std::uint32_t generation = 0;
  std::vector<std::string> keys;  // "0x1234", as sg_persist prints them
};
struct PrReservation {
  std::uint32_t generation = 0;
  std::optional<std::string> key;  // the holder's key; nullopt: no reservation held
  std::string scope_type;          // "scope: LU_SCOPE,  type: Write Exclusive, registrants only"
};

// Why a PERSISTENT RESERVE IN that exited 0 did not answer: sg_persist 1.46 reports a transport
// failure (DID_TRANSPORT_DISRUPTED, DID_NO_CONNECT) on stderr and still exits 0, printing a
// zeroed answer ("PR generation=0x0, there are NO registered reservation keys") that would
// read as "nothing registered". Empty when stderr names no such failure.
std::string pr_in_transport_failure(std::string_view stderr_text);

// `sg_persist --in --read-keys` / `--read-reservation` output; LabError naming the tool on text
// that is neither form.
PrKeys parse_pr_keys(std::string_view text);
PrReservation parse_pr_reservation(std::string_view text);

}  // namespace harness
