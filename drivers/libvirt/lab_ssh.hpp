#pragma once
// SSH to lab nodes with the run's key and the run's strict known_hosts (host keys are made on
// the host, so the first connection is already verified). Used by readiness checks,
// `harness lab ssh`; the lab's Remote is the shared SshRemote with the same key files.
#include <string>
#include <vector>

#include "drivers/libvirt/lab_record.hpp"

namespace harness::lab {

// "ssh -i KEY -o ... root@ADDR" (no command): the argv prefix for `node`. A URI with a host
// part (qemu+ssh://user@host/system) adds a ProxyJump through that host, where the lab's
// management network lives.
std::vector<std::string> ssh_argv(const LabRecord& rec, const RecordedNode& node,
                                  bool interactive = false);

// user@host of a remote libvirt URI, "" for a local one.
std::string uri_ssh_host(const std::string& uri);

// A TCP connect to addr:port within timeout_ms.
bool tcp_port_open(const std::string& addr, int port, int timeout_ms);

}  // namespace harness::lab
