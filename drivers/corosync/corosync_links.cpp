// `corosync-cfgtool -s` (corosync 3.1, knet, non-brief format) into CorosyncLinkStatus.
#include "drivers/corosync/corosync_links.hpp"

#include "drivers/parse_util.hpp"

namespace harness {
namespace {

constexpr std::string_view kTool = "corosync-cfgtool -s";

int int_or_fail(std::string_view s, std::string_view what, std::string_view line) {
  auto v = status::to_int(s);
  if (!v || *v < 0) status::parse_error(kTool, what, line);
  return static_cast<int>(*v);
}

// "Local node ID 1, transport knet"
void parse_header(std::string_view line, CorosyncLinkStatus& out) {
  constexpr std::string_view prefix = "Local node ID ";
  if (!line.starts_with(prefix))
    status::parse_error(kTool, "\"Local node ID <n>, transport <t>\"", line);
  auto rest = line.substr(prefix.size());
  auto comma = rest.find(',');
  out.local_nodeid = int_or_fail(status::trim(rest.substr(0, comma)), "a node id", line);
  if (comma != std::string_view::npos) {
    auto t = status::trim(rest.substr(comma + 1));
    if (t.starts_with("transport ")) out.transport = std::string(status::trim(t.substr(10)));
  }
}

// "nodeid:          2:      connected"
void parse_peer(std::string_view line, CorosyncLink& link) {
  auto body = status::trim(line.substr(std::string_view("nodeid:").size()));
  auto colon = body.find(':');
  if (colon == std::string_view::npos)
    status::parse_error(kTool, "\"nodeid: <n>: <state>\"", line);
  int id = int_or_fail(status::trim(body.substr(0, colon)), "a peer node id", line);
  auto state = status::trim(body.substr(colon + 1));
  LinkPeerState s;
  if (state == "localhost") s = LinkPeerState::localhost;
  else if (state == "connected") s = LinkPeerState::connected;
  else if (state == "disconnected") s = LinkPeerState::disconnected;
  else status::parse_error(kTool, "localhost, connected or disconnected", line);
  link.nodes[id] = s;
}

void check_complete(const CorosyncLink* link) {
  if (!link) return;
  if (link->address.empty())
    status::parse_error(kTool, "an \"addr = ...\" line", "LINK ID " + std::to_string(link->id));
  if (link->nodes.empty())
    status::parse_error(kTool, "\"nodeid: <n>: <state>\" lines",
                        "LINK ID " + std::to_string(link->id));
}

}  // namespace

std::string_view to_string(LinkPeerState s) {
  switch (s) {
    case LinkPeerState::localhost: return "localhost";
    case LinkPeerState::connected: return "connected";
    case LinkPeerState::disconnected: return "disconnected";
  }
  return "unknown";
}

bool CorosyncLink::all_connected() const {
  for (const auto& [id, s] : nodes)
    if (s == LinkPeerState::disconnected) return false;
  return true;
}

const CorosyncLink* CorosyncLinkStatus::link(int id) const {
  for (const auto& l : links)
    if (l.id == id) return &l;
  return nullptr;
}

Argv corosync_cfgtool_argv() { return {"corosync-cfgtool", "-s"}; }

CorosyncLinkStatus parse_corosync_links(std::string_view text) {
  CorosyncLinkStatus out;
  bool have_header = false;
  CorosyncLink* current = nullptr;
  for (auto raw : status::split_lines(text)) {
    auto line = status::trim(raw);
    if (line.empty() || line == "Printing link status." || line == "Printing ring status.")
      continue;
    if (!have_header) {
      parse_header(line, out);
      have_header = true;
    } else if (line.starts_with("LINK ID ")) {
      check_complete(current);
      auto words = status::split_words(line.substr(8));
      if (words.empty()) status::parse_error(kTool, "\"LINK ID <n> <transport>\"", line);
      CorosyncLink link;
      link.id = int_or_fail(words[0], "a link id", line);
      if (words.size() > 1) link.transport = std::string(words[1]);
      out.links.push_back(std::move(link));
      current = &out.links.back();
    } else if (!current) {
      status::parse_error(kTool, "\"LINK ID <n> <transport>\"", line);
    } else if (line.starts_with("addr")) {
      auto eq = line.find('=');
      if (eq == std::string_view::npos) status::parse_error(kTool, "\"addr = <ip>\"", line);
      current->address = std::string(status::trim(line.substr(eq + 1)));
    } else if (line == "status:") {
      continue;
    } else if (line.starts_with("nodeid:")) {
      parse_peer(line, *current);
    } else {
      status::parse_error(kTool, "addr, status or nodeid lines", line);
    }
  }
  if (!have_header)
    status::parse_error(kTool, "\"Local node ID <n>, transport <t>\"", text);
  check_complete(current);
  return out;
}

}  // namespace harness
