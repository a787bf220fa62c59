#pragma once
// Corosync 3 knet link status as one node sees it, from `corosync-cfgtool -s`:
//
//   Local node ID 1, transport knet
//   LINK ID 0 udp
//           addr    = 192.168.101.11
//           status:
//                   nodeid:          1:      localhost
//                   nodeid:          2:      connected
//
// corosync-cfgtool prints a link only while the PEER's side of it is enabled, so a node whose
// peer is gone (fenced, corosync stopped) prints no LINK section at all: an empty `links` is a
// valid answer ("no link to anyone"), not a parse error. Corosync not running prints nothing
// on stdout and exits 1; the caller sees that exit status, and empty text throws here.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "drivers/deploy_plan.hpp"

namespace harness {

enum class LinkPeerState { localhost, connected, disconnected };
std::string_view to_string(LinkPeerState s);

struct CorosyncLink {
  int id = 0;                  // knet link number (0 = ring0_addr, 1 = ring1_addr)
  std::string transport;       // "udp"
  std::string address;         // this node's address on the link
  std::map<int, LinkPeerState> nodes;  // nodeid -> state (the local node is "localhost")

  // True when every node other than the local one is connected on this link.
  bool all_connected() const;
};

struct CorosyncLinkStatus {
  int local_nodeid = 0;
  std::string transport;       // "knet"
  std::vector<CorosyncLink> links;

  const CorosyncLink* link(int id) const;
};

// {"corosync-cfgtool", "-s"}
Argv corosync_cfgtool_argv();

// LabError ("corosync-cfgtool -s: expected ..., found ...") when the text is not the knet
// link status format (missing "Local node ID" line, a LINK section without addr/status...).
CorosyncLinkStatus parse_corosync_links(std::string_view text);

}  // namespace harness
