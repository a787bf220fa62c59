#pragma once
// Corosync's layer signals (docs/ANATOMY.md): its links and its membership, from its journal
// lines (as corosync 3.1 with knet writes them; tests/data/histories/ holds real ones) and from
// the changes between two `observation/corosync` samples (`corosync-cfgtool -s`, parsed into
// {"links": {link: {nodeid: state}}}). Plain data: the checks read this header.
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/core/layer_event.hpp"

namespace harness {

// "[KNET  ] link: host: 1 link: 0 is down"               -> link_down  "host 1 link 0"
// "[KNET  ] host: host: 1 has no active links"           -> link_down  "host 1"
// "[KNET  ] rx: host: 1 link: 1 is up"                   -> link_up    "host 1 link 1"
// "[TOTEM ] Token has not been received in 2250 ms"      -> token_lost
// "[TOTEM ] A processor failed, forming new configuration: token timed out ..." -> token_lost
// "[TOTEM ] A new membership (2.10) was formed. Members left: 1"  -> node_lost "1"
// "[TOTEM ] A new membership (1.d) was formed. Members"  -> membership_formed
std::vector<SignalWord> corosync_log_signals(std::string_view unit, std::string_view message);

// A link of a peer that left `connected` (link_down) or came back to it (link_up), per
// "host H link L"; nothing for the first sample.
std::vector<SignalWord> corosync_observation_signals(const nlohmann::json& before,
                                                     const nlohmann::json& after);

}  // namespace harness
