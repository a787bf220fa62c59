// libvirt handles and errors. libvirt prints every error to stderr by default; the harness
// reports errors itself (with context), so the default handler is silenced once per process.
#include "drivers/libvirt/virt_ptr.hpp"

#include <libvirt/virterror.h>

#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "harness/core/errors.hpp"

namespace harness::virt {

namespace {
void silent_error_handler(void*, virErrorPtr) {}

std::string version_string(unsigned long v) {
  return fmt::format("{}.{}.{}", v / 1000000, (v / 1000) % 1000, v % 1000);
}
}  // namespace

std::string last_error_message() {
  virErrorPtr e = virGetLastError();
  return e && e->message ? std::string(e->message) : std::string();
}

int last_error_code() {
  virErrorPtr e = virGetLastError();
  return e ? e->code : VIR_ERR_OK;
}

void throw_last_error(std::string_view what, std::string_view uri) {
  std::string msg = last_error_message();
  if (msg.empty()) msg = "unknown libvirt error";
  throw LabError(fmt::format("{}: {} (libvirt {})", what, msg, uri));
}

void ensure_event_loop() {
  static std::once_flag once;
  std::call_once(once, [] {
    virSetErrorFunc(nullptr, silent_error_handler);
    if (virInitialize() < 0) throw LabError("libvirt: virInitialize failed");
    if (virEventRegisterDefaultImpl() < 0)
      throw LabError("libvirt: cannot register the event loop: " + last_error_message());
    // Runs for the life of the process; never joined (it would block exit in the poll).
    std::thread([] {
      virSetErrorFunc(nullptr, silent_error_handler);
      for (;;) virEventRunDefaultImpl();
    }).detach();
  });
}

Connection Connection::open(const std::string& uri) {
  ensure_event_loop();
  virConnectPtr p = virConnectOpen(uri.c_str());
  if (!p)
    throw LabError(fmt::format("cannot connect to libvirt at {}: {}", uri,
                               last_error_message().empty() ? "no answer" : last_error_message()));
  Connection c;
  c.conn_ = std::shared_ptr<virConnect>(p, ConnectCloser{});
  c.uri_ = uri;
  // A dead remote host is noticed within ~15 s instead of hanging a call forever (remote URIs;
  // the local driver answers -1 "not supported", which is fine).
  virConnectSetKeepAlive(p, 5, 3);
  virResetLastError();
  return c;
}

DomainPtr Connection::find_domain(const std::string& name) const {
  virDomainPtr d = virDomainLookupByName(conn_.get(), name.c_str());
  if (!d) {
    if (last_error_code() == VIR_ERR_NO_DOMAIN) return nullptr;
    fail("look up domain " + name);
  }
  return DomainPtr(d);
}

NetworkPtr Connection::find_network(const std::string& name) const {
  virNetworkPtr n = virNetworkLookupByName(conn_.get(), name.c_str());
  if (!n) {
    if (last_error_code() == VIR_ERR_NO_NETWORK) return nullptr;
    fail("look up network " + name);
  }
  return NetworkPtr(n);
}

std::vector<DomainPtr> Connection::all_domains() const {
  virDomainPtr* list = nullptr;
  int n = virConnectListAllDomains(conn_.get(), &list, 0);
  if (n < 0) fail("list domains");
  std::vector<DomainPtr> out;
  for (int i = 0; i < n; ++i) out.emplace_back(list[i]);
  free(list);
  return out;
}

std::vector<NetworkPtr> Connection::all_networks() const {
  virNetworkPtr* list = nullptr;
  int n = virConnectListAllNetworks(conn_.get(), &list, 0);
  if (n < 0) fail("list networks");
  std::vector<NetworkPtr> out;
  for (int i = 0; i < n; ++i) out.emplace_back(list[i]);
  free(list);
  return out;
}

DomainPtr Connection::define_domain(const std::string& xml) const {
  virDomainPtr d = virDomainDefineXML(conn_.get(), xml.c_str());
  if (!d) fail("define domain");
  return DomainPtr(d);
}

NetworkPtr Connection::define_network(const std::string& xml) const {
  virNetworkPtr n = virNetworkDefineXML(conn_.get(), xml.c_str());
  if (!n) fail("define network");
  return NetworkPtr(n);
}

std::string Connection::domain_xml(virDomainPtr d, unsigned flags) const {
  char* s = virDomainGetXMLDesc(d, flags);
  if (!s) fail("get XML of domain " + domain_name(d));
  std::string out(s);
  free(s);
  return out;
}

std::string Connection::network_xml(virNetworkPtr n) const {
  char* s = virNetworkGetXMLDesc(n, 0);
  if (!s) fail("get XML of network " + network_name(n));
  std::string out(s);
  free(s);
  return out;
}

std::string Connection::domain_name(virDomainPtr d) {
  const char* s = virDomainGetName(d);
  return s ? s : "";
}

std::string Connection::network_name(virNetworkPtr n) {
  const char* s = virNetworkGetName(n);
  return s ? s : "";
}

bool Connection::domain_active(virDomainPtr d) { return virDomainIsActive(d) == 1; }
bool Connection::network_active(virNetworkPtr n) { return virNetworkIsActive(n) == 1; }

std::string Connection::libvirt_version() const {
  unsigned long v = 0;
  if (virConnectGetLibVersion(conn_.get(), &v) < 0) fail("get libvirt version");
  return version_string(v);
}

std::string Connection::hypervisor_version() const {
  unsigned long v = 0;
  if (virConnectGetVersion(conn_.get(), &v) < 0) fail("get hypervisor version");
  return version_string(v);
}

}  // namespace harness::virt
