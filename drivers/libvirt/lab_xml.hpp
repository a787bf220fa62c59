#pragma once
// The libvirt XML a lab defines (networks, domains, interface updates) and the parsing of what
// libvirt hands back (the harness ownership tag in <metadata>, addresses, interfaces).
// Every text that reaches XML goes through pugixml, so names and paths are escaped.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "drivers/libvirt/lab_naming.hpp"

namespace harness::lab {

// Namespace of the ownership tag inside libvirt <metadata> (domains and networks).
inline constexpr const char* kMetadataNs = "https://github.com/failover-harness/ns/1";

// What every object the lab creates carries. `run_id` is the tag that cleanup checks.
struct OwnerTag {
  std::string run_id;
  std::string lab;                  // lab name
  std::int64_t pid = 0;             // the harness process that created it
  std::int64_t pid_start = 0;       // its start time (/proc/PID/stat field 22): pid reuse guard
  std::string dir;                  // the lab's directory (lab.json lives there)
};

// The <h:harness> element alone (for virDomainSetMetadata) and parsing from any XML that
// contains it (a whole domain or network description).
std::string owner_tag_xml(const OwnerTag& tag);
std::optional<OwnerTag> parse_owner_tag(const std::string& xml);
// What virDomainGetMetadata(ELEMENT, kMetadataNs) returns: the element already selected by
// namespace, given back without prefix or xmlns ("<harness><run>...").
std::optional<OwnerTag> parse_owner_element(const std::string& xml);

struct NetworkXmlParams {
  std::string name;
  std::string bridge;
  std::optional<std::string> host_ip;  // with prefix 24; absent: no host address
  OwnerTag owner;
};
// An isolated network (no <forward>), no DHCP, STP off so a new port forwards at once.
std::string network_xml(const NetworkXmlParams& p);

struct DiskParams {
  std::filesystem::path file;
  std::string format;   // qcow2 | raw
  std::string target;   // vda, vdb, ...
  std::string serial;   // root, hcfg, data
  bool readonly = false;
};
struct NicParams {
  std::string mac;
  std::string network;  // libvirt network name
};
struct DomainXmlParams {
  std::string name;
  std::string uuid;                 // empty: libvirt picks one; set to redefine an existing domain
  std::string virt_type = "qemu";   // qemu (TCG) | kvm
  int vcpus = 1;
  int memory_mib = 1024;
  int tb_cache_mib = 0;             // TCG translation cache; 0 = QEMU's default
  std::filesystem::path kernel, initrd;
  std::string cmdline;
  std::vector<DiskParams> disks;
  std::vector<NicParams> nics;
  std::filesystem::path console_log;
  bool reboot_destroys = false;     // on_reboot destroy (the KVM probe)
  OwnerTag owner;
};
std::string domain_xml(const DomainXmlParams& p);

// Addresses (with prefix) a network description gives the host (<ip address= prefix|netmask=>).
std::vector<Ipv4Net> network_host_subnets(const std::string& network_xml);
// The bridge name of a network description ("" if none).
std::string network_bridge(const std::string& network_xml);

// The <interface> of `mac` from a live domain description, with <link state='up|down'/> set:
// the device XML virDomainUpdateDeviceFlags wants. Throws LabError if no such interface.
std::string interface_link_xml(const std::string& domain_xml, const std::string& mac, bool up);
// Link state of the interface with `mac` ("up" when libvirt omits <link>).
std::optional<bool> interface_link_up(const std::string& domain_xml, const std::string& mac);

}  // namespace harness::lab
