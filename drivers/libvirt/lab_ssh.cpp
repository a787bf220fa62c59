// ssh argv construction and a TCP probe for lab nodes.
#include "drivers/libvirt/lab_ssh.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>

#include <fmt/format.h>

#include "harness/core/errors.hpp"

namespace harness::lab {

std::string uri_ssh_host(const std::string& uri) {
  auto scheme_end = uri.find("://");
  if (scheme_end == std::string::npos) return "";
  std::string scheme = uri.substr(0, scheme_end);
  if (scheme.find("+ssh") == std::string::npos) return "";
  std::string rest = uri.substr(scheme_end + 3);
  auto slash = rest.find('/');
  std::string host = rest.substr(0, slash);
  // Only plain [user@]host[:port] reaches ssh: anything else is not passed on.
  for (char c : host)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_' ||
          c == '@' || c == ':'))
      return "";
  return host;
}

std::vector<std::string> ssh_argv(const LabRecord& rec, const RecordedNode& node, bool interactive) {
  auto addr = node.addresses.find("mgmt");
  if (addr == node.addresses.end()) throw LabError(node.name + ": no management address");
  std::vector<std::string> a = {"ssh",
                                "-i", rec.ssh_key,
                                "-o", "IdentitiesOnly=yes",
                                "-o", "UserKnownHostsFile=" + rec.known_hosts,
                                "-o", "GlobalKnownHostsFile=/dev/null",
                                "-o", "StrictHostKeyChecking=yes",
                                "-o", "ConnectTimeout=5",
                                "-o", "ServerAliveInterval=5",
                                "-o", "ServerAliveCountMax=3",
                                "-o", "LogLevel=ERROR"};
  if (!interactive) {
    a.insert(a.end(), {"-o", "BatchMode=yes", "-T"});
  }
  std::string jump = uri_ssh_host(rec.uri);
  if (!jump.empty()) a.insert(a.end(), {"-o", "ProxyJump=" + jump});
  a.push_back("root@" + addr->second);
  return a;
}

bool tcp_port_open(const std::string& addr, int port, int timeout_ms) {
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(static_cast<uint16_t>(port));
  if (inet_pton(AF_INET, addr.c_str(), &sa.sin_addr) != 1) return false;
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  bool ok = false;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0) {
    ok = true;
  } else if (errno == EINPROGRESS) {
    pollfd p{fd, POLLOUT, 0};
    if (::poll(&p, 1, timeout_ms) == 1) {
      int err = 0;
      socklen_t len = sizeof err;
      ok = ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0;
    }
  }
  ::close(fd);
  return ok;
}

}  // namespace harness::lab
