#pragma once
// Small RAII owners of libvirt handles and the error translation every call goes through:
// a failed libvirt call becomes a LabError carrying libvirt's own message, the URI and the
// object it concerned, so "lab up" failures say which host and which domain.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <libvirt/libvirt.h>

namespace harness::virt {

struct ConnectCloser { void operator()(virConnectPtr p) const noexcept { virConnectClose(p); } };
struct DomainFreer { void operator()(virDomainPtr p) const noexcept { virDomainFree(p); } };
struct NetworkFreer { void operator()(virNetworkPtr p) const noexcept { virNetworkFree(p); } };

using DomainPtr = std::unique_ptr<virDomain, DomainFreer>;
using NetworkPtr = std::unique_ptr<virNetwork, NetworkFreer>;

// libvirt's last error message on this thread ("" if none).
std::string last_error_message();
// libvirt's last error code on this thread (VIR_ERR_OK if none).
int last_error_code();

// Throws LabError("<what>: <libvirt message> (uri URI)").
[[noreturn]] void throw_last_error(std::string_view what, std::string_view uri);

// The process-wide libvirt event loop (virEventRegisterDefaultImpl + one thread running
// virEventRunDefaultImpl). Must exist before a connection that wants events or keepalive is
// opened, so Connection::open starts it.
void ensure_event_loop();

// One libvirt connection, shared by copies (the handle closes with the last). Thread-safe like
// libvirt itself.
class Connection {
 public:
  // Opens `uri` read-write. Throws LabError naming the URI if it does not answer.
  static Connection open(const std::string& uri);
  Connection() = default;
  Connection(const Connection&) = default;
  Connection& operator=(const Connection&) = default;
  Connection(Connection&&) noexcept = default;
  Connection& operator=(Connection&&) noexcept = default;

  virConnectPtr get() const { return conn_.get(); }
  const std::string& uri() const { return uri_; }
  explicit operator bool() const { return conn_ != nullptr; }

  // Lookups return null when the object does not exist (any other failure throws).
  DomainPtr find_domain(const std::string& name) const;
  NetworkPtr find_network(const std::string& name) const;
  std::vector<DomainPtr> all_domains() const;
  std::vector<NetworkPtr> all_networks() const;

  DomainPtr define_domain(const std::string& xml) const;
  NetworkPtr define_network(const std::string& xml) const;

  std::string domain_xml(virDomainPtr d, unsigned flags = 0) const;
  std::string network_xml(virNetworkPtr n) const;
  static std::string domain_name(virDomainPtr d);
  static std::string network_name(virNetworkPtr n);
  static bool domain_active(virDomainPtr d);
  static bool network_active(virNetworkPtr n);

  // "9.0.0"-style versions of libvirt and the hypervisor.
  std::string libvirt_version() const;
  std::string hypervisor_version() const;

  [[noreturn]] void fail(std::string_view what) const { throw_last_error(what, uri_); }

 private:
  std::shared_ptr<virConnect> conn_;
  std::string uri_;
};

}  // namespace harness::virt
