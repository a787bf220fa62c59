#pragma once
// The iSCSI initiator's and its SCSI layer's signals (initiator layer, docs/ANATOMY.md), from the
// kernel's and iscsid's journal lines (open-iscsi 2.1, kernel 6.1; tests/data/histories/ holds
// real ones). Plain data: the checks read this header.
#include <string_view>
#include <vector>

#include "harness/core/layer_event.hpp"

namespace harness {

//   kernel "connection2:0: detected conn error (1022)"            -> connection_error "connection2:0"
//   iscsid "Kernel reported iSCSI connection 2:0 error (...)"     -> connection_error "connection2:0"
//   kernel "session2: session recovery timed out after 5 secs"   -> session_failed "session2"
//   kernel "sd 3:0:0:0: rejecting I/O to offline device"         -> session_failed "sd 3:0:0:0"
//            (the replacement timeout failed the queued I/O back to dm-multipath)
//   iscsid "connection2:0 is operational after recovery (3 attempts)" -> session_restored
//   kernel "sd 2:0:0:0: alua: port group 01 state A non-preferred ..." -> alua_change_seen
//   kernel "sd 2:0:0:0: ... Asymmetric access state changed"      -> alua_change_seen
std::vector<SignalWord> iscsi_log_signals(std::string_view unit, std::string_view message);

}  // namespace harness
